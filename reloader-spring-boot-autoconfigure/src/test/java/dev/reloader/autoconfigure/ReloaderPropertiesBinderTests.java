package dev.reloader.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.reloader.launch.CrashAction;
import dev.reloader.watch.ReloaderType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReloaderPropertiesBinder}.
 *
 * @author Reloader contributors
 */
class ReloaderPropertiesBinderTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void defaultsWhenNothingIsSet() {
		ReloaderProperties properties = ReloaderPropertiesBinder.bind(this.environment);
		assertThat(properties.getEnabled()).isNull();
		assertThat(properties.getType()).isEqualTo(ReloaderType.AUTO);
		assertThat(properties.getPollInterval()).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void developmentDefaultsAreOnUnlessTurnedOff() {
		assertThat(ReloaderPropertiesBinder.bind(this.environment).getDevDefaults().isEnabled()).isTrue();
		this.environment.setProperty("reloader.dev-defaults.enabled", "false");
		assertThat(ReloaderPropertiesBinder.bind(this.environment).getDevDefaults().isEnabled()).isFalse();
	}

	@Test
	void bindsKebabCaseValues() {
		this.environment.setProperty("reloader.enabled", "false");
		this.environment.setProperty("reloader.type", "stat");
		this.environment.setProperty("reloader.poll-interval", "250ms");
		this.environment.setProperty("reloader.watch.extra-paths", "config,../shared");
		ReloaderProperties properties = ReloaderPropertiesBinder.bind(this.environment);
		assertThat(properties.getEnabled()).isFalse();
		assertThat(properties.getType()).isEqualTo(ReloaderType.STAT);
		assertThat(properties.getPollInterval()).isEqualTo(Duration.ofMillis(250));
		assertThat(properties.getWatch().getExtraPaths()).containsExactly("config", "../shared");
	}

	@Test
	void negativePollIntervalNamesPropertyAndValue() {
		this.environment.setProperty("reloader.poll-interval", "-5s");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReloaderPropertiesBinder.bind(this.environment))
			.satisfies((ex) -> {
				assertThat(ex.getProperty().getName()).hasToString("reloader.poll-interval");
				assertThat(ex.getProperty().getValue()).isEqualTo("-5s");
			})
			.havingRootCause()
			.withMessage("reloader.poll-interval must be positive, was -5000ms");
	}

	@Test
	void zeroPollIntervalIsRejected() {
		this.environment.setProperty("reloader.poll-interval", "0");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReloaderPropertiesBinder.bind(this.environment))
			.havingRootCause()
			.withMessageContaining("reloader.poll-interval must be positive");
	}

	@Test
	void unknownTypeNamesPropertyAndValue() {
		this.environment.setProperty("reloader.type", "inotify");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReloaderPropertiesBinder.bind(this.environment))
			.satisfies((ex) -> {
				assertThat(ex.getProperty().getName()).hasToString("reloader.type");
				assertThat(ex.getProperty().getValue()).isEqualTo("inotify");
			});
	}

	@Test
	void enabledCanBeSetThroughAnEnvironmentVariable() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("RELOADER_ENABLED", "false", "RELOADER_ONCRASH", "exit")));
		ReloaderProperties properties = ReloaderPropertiesBinder.bind(environment);
		assertThat(properties.getEnabled()).isFalse();
		assertThat(properties.getOnCrash()).isEqualTo(CrashAction.EXIT);
	}

	@Test
	void crashAndDebugDefaults() {
		ReloaderProperties properties = ReloaderPropertiesBinder.bind(this.environment);
		assertThat(properties.getOnCrash()).isEqualTo(CrashAction.WAIT);
		assertThat(properties.getDebugPort()).isNull();
		assertThat(properties.isDebugSuspend()).isFalse();
	}

	@Test
	void classDataSharingArchivesKeepsThreeAndCanBeChanged() {
		assertThat(ReloaderPropertiesBinder.bind(this.environment).getChild().getClassDataSharingArchives()).isEqualTo(3);
		this.environment.setProperty("reloader.child.class-data-sharing-archives", "5");
		assertThat(ReloaderPropertiesBinder.bind(this.environment).getChild().getClassDataSharingArchives()).isEqualTo(5);
	}

	@Test
	void classDataSharingArchivesBelowOneNamesPropertyAndValue() {
		this.environment.setProperty("reloader.child.class-data-sharing-archives", "0");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReloaderPropertiesBinder.bind(this.environment))
			.havingRootCause()
			.withMessage("reloader.child.class-data-sharing-archives must be at least 1, was 0");
	}

	@Test
	void debugPortOutOfRangeNamesPropertyAndValue() {
		this.environment.setProperty("reloader.debug-port", "70000");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReloaderPropertiesBinder.bind(this.environment))
			.havingRootCause()
			.withMessage("reloader.debug-port must be between 1 and 65535, was 70000");
	}

	@Test
	void unknownCrashActionNamesPropertyAndValue() {
		this.environment.setProperty("reloader.on-crash", "retry");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReloaderPropertiesBinder.bind(this.environment))
			.satisfies((ex) -> {
				assertThat(ex.getProperty().getName()).hasToString("reloader.on-crash");
				assertThat(ex.getProperty().getValue()).isEqualTo("retry");
			});
	}

}
