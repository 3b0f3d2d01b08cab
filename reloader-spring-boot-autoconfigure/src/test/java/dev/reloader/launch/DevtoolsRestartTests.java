package dev.reloader.launch;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DevtoolsRestart}.
 *
 * @author Reloader contributors
 */
class DevtoolsRestartTests {

	@Test
	void restartIsTurnedOffThroughTheEnvironment() {
		ChildCommand command = DevtoolsRestart.turnOff(command("-Xmx512m", "-Dfoo=bar"));
		assertThat(command.getJvmOptions()).containsExactly("-Xmx512m", "-Dfoo=bar");
		assertThat(command.getEnvironment()).containsEntry("SPRING_DEVTOOLS_RESTART_ENABLED", "false");
	}

	@Test
	void systemPropertyThatTurnsTheRestartOnIsLeftOut() {
		ChildCommand command = DevtoolsRestart.turnOff(command("-Dspring.devtools.restart.enabled=true", "-Xmx512m"));
		assertThat(command.getJvmOptions()).containsExactly("-Xmx512m");
	}

	@Test
	void systemPropertyThatTurnsDevtoolsOffEntirelyIsKept() {
		ChildCommand command = DevtoolsRestart.turnOff(command("-Dspring.devtools.restart.enabled=false"));
		assertThat(command.getJvmOptions()).containsExactly("-Dspring.devtools.restart.enabled=false");
	}

	@Test
	void devtoolsIsNotOnTheTestClassPath() {
		assertThat(DevtoolsRestart.isPresent(getClass().getClassLoader())).isFalse();
	}

	private static ChildCommand command(String... jvmOptions) {
		Map<String, String> properties = Map.of("java.class.path", "classes", "sun.java.command", "com.example.App");
		return ChildCommand.of("java", List.of(jvmOptions), properties::get, List.of(), null);
	}

}
