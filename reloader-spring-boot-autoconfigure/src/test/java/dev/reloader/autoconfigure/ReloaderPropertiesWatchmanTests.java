package dev.reloader.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the {@code reloader.watchman} group of {@link ReloaderProperties}.
 *
 * @author Reloader contributors
 */
class ReloaderPropertiesWatchmanTests {

	@Test
	void timeoutIsFiveSecondsByDefault() {
		assertThat(new ReloaderProperties().getWatchman().getTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void timeoutIsBoundFromReloaderWatchmanTimeout() {
		assertThat(bind(Map.of("reloader.watchman.timeout", "250ms")).getWatchman().getTimeout())
			.isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void timeoutThatIsNotPositiveIsRejectedNamingTheProperty() {
		ReloaderProperties.Watchman watchman = new ReloaderProperties().getWatchman();
		assertThatIllegalArgumentException().isThrownBy(() -> watchman.setTimeout(Duration.ZERO))
			.withMessage("reloader.watchman.timeout must be positive, was 0ms");
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("reloader.watchman.timeout", "-1s")))
			.havingRootCause()
			.withMessage("reloader.watchman.timeout must be positive, was -1000ms");
	}

	private static ReloaderProperties bind(Map<String, String> properties) {
		Binder binder = new Binder(new MapConfigurationPropertySource(properties));
		return binder.bind("reloader", Bindable.ofInstance(new ReloaderProperties())).get();
	}

}
