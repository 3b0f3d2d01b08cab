package dev.reloader.autoconfigure;

import java.time.Duration;

import dev.reloader.watch.ReloaderType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
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

}
