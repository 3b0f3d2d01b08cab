package dev.reloader.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnknownReloaderProperties}.
 *
 * @author Reloader contributors
 */
class UnknownReloaderPropertiesTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void knownNamesComeFromTheProperties() {
		assertThat(UnknownReloaderProperties.knownNames()).contains("reloader.enabled", "reloader.poll-interval",
				"reloader.on-crash", "reloader.debug-port", "reloader.debug-suspend", "reloader.watch.extra-paths",
				"reloader.watch.additional-exclude");
	}

	@Test
	void typoIsReportedWithTheNearestName() {
		add(Map.of("reloader.pol-interval", "1s", "reloader.watch.exlude", "*.tmp"));
		assertThat(UnknownReloaderProperties.find(this.environment)).containsExactlyInAnyOrder(
				"Unknown property 'reloader.pol-interval'; did you mean 'reloader.poll-interval'? (test)",
				"Unknown property 'reloader.watch.exlude'; did you mean 'reloader.watch.exclude'? (test)");
	}

	@Test
	void relaxedSpellingsAndListIndexesAreKnown() {
		add(Map.of("reloader.pollInterval", "1s", "reloader.shutdown_timeout", "1s", "reloader.watch.exclude[0]",
				"*.tmp", "other.key", "x"));
		assertThat(UnknownReloaderProperties.find(this.environment)).isEmpty();
	}

	@Test
	void environmentVariablesAreCheckedInTheirOwnSpelling() {
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("RELOADER_ENABLED", "false", "RELOADER_POLLINTERVAL", "1s", "RELOADER_RUN_MAIN", "true",
							"RELOADER_SUPERVISOR_PID", "1", "RELOADER_ENABLD", "true")));
		assertThat(UnknownReloaderProperties.find(this.environment)).containsExactly(
				"Unknown environment variable 'RELOADER_ENABLD'; did you mean RELOADER_ENABLED (reloader.enabled)? (systemEnvironment)");
	}

	@Test
	void editDistanceCountsSingleCharacterEdits() {
		assertThat(UnknownReloaderProperties.distance("kitten", "sitting")).isEqualTo(3);
		assertThat(UnknownReloaderProperties.distance("", "abc")).isEqualTo(3);
		assertThat(UnknownReloaderProperties.distance("same", "same")).isZero();
	}

	private void add(Map<String, Object> properties) {
		this.environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
	}

}
