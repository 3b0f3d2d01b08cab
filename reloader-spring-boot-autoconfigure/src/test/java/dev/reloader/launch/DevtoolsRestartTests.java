package dev.reloader.launch;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DevtoolsRestart}.
 *
 * @author Reloader contributors
 */
class DevtoolsRestartTests {

	@Test
	void restartIsTurnedOffAfterTheOtherOptions() {
		assertThat(DevtoolsRestart.turnOff(List.of("-Xmx512m", "-Dfoo=bar"))).containsExactly("-Xmx512m", "-Dfoo=bar",
				"-Dspring.devtools.restart.enabled=false");
	}

	@Test
	void restartTurnedOnByTheUserIsReplaced() {
		assertThat(DevtoolsRestart.turnOff(List.of("-Dspring.devtools.restart.enabled=true", "-Xmx512m")))
			.containsExactly("-Xmx512m", "-Dspring.devtools.restart.enabled=false");
	}

	@Test
	void devtoolsIsNotOnTheTestClassPath() {
		assertThat(DevtoolsRestart.isPresent(getClass().getClassLoader())).isFalse();
	}

}
