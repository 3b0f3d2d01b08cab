package dev.reloader.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReloaderProperties}.
 */
class ReloaderPropertiesTests {

	@Test
	void defaultsFromTheMeasurementAndTheConventionalSourceFolders() {
		ReloaderProperties properties = new ReloaderProperties();
		assertThat(properties.getQuietPeriod()).isEqualTo(Duration.ofMillis(300));
		assertThat(properties.getDeletionQuietPeriod()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getTriggerFile()).isNull();
		assertThat(properties.getBuild().getCommand()).isNull();
		assertThat(properties.getBuild().getWatch()).containsExactly("src/main/java/**", "src/main/resources/**",
				"src/main/kotlin/**");
	}

	@Test
	void bindsTriggerFileAsARelativePathAndTheBuildGroup() {
		ReloaderProperties properties = bind(Map.of("reloader.trigger-file", ".reload", "reloader.build.command",
				"mvn -q compile", "reloader.build.watch", "src/**/*.java", "reloader.deletion-quiet-period", "3s",
				"reloader.watch.extra-paths", "config/*.yml,../shared/**/*.properties"));
		assertThat(properties.getTriggerFile()).isEqualTo(Path.of(".reload"));
		assertThat(properties.getBuild().getCommand()).isEqualTo("mvn -q compile");
		assertThat(properties.getBuild().getWatch()).containsExactly("src/**/*.java");
		assertThat(properties.getDeletionQuietPeriod()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.getWatch().getExtraPaths()).containsExactly("config/*.yml", "../shared/**/*.properties");
	}

	@Test
	void negativeDeletionQuietPeriodIsRejectedNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("reloader.deletion-quiet-period", "-1s")))
			.havingRootCause()
			.withMessageContaining("reloader.deletion-quiet-period must be zero or positive");
	}

	@Test
	void blankBuildWatchPatternIsRejectedNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("reloader.build.watch[0]", " ")))
			.havingRootCause()
			.withMessageContaining("reloader.build.watch must not contain blank entries");
	}

	private static ReloaderProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values))
			.bind("reloader", Bindable.ofInstance(new ReloaderProperties()))
			.get();
	}

}
