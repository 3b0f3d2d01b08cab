package dev.reloader.launch;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DebugAgent}.
 *
 * @author Reloader contributors
 */
class DebugAgentTests {

	private static final String LISTENING = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005";

	@Test
	void childOfAListeningAgentListensOnTheNextPort() {
		assertThat(DebugAgent.forChild(List.of("-Xmx1g", LISTENING), null, false)).containsExactly("-Xmx1g",
				"-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5006");
	}

	@Test
	void childListensOnTheConfiguredPortAndSuspendsOnlyWhenAsked() {
		assertThat(DebugAgent.forChild(List.of(LISTENING), 8000, true))
			.containsExactly("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=*:8000");
		assertThat(DebugAgent.forChild(
				List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=localhost:5005"), null, false))
			.containsExactly("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=localhost:5006");
	}

	@Test
	void childOfAnAgentThatConnectsToADebuggerListensOnAFreePort() {
		// As an IDE launches a JVM for debugging: the IDE listens, the JVM connects
		List<String> options = DebugAgent.forChild(
				List.of("-agentlib:jdwp=transport=dt_socket,address=127.0.0.1:40123,suspend=y,server=n"), null, false);
		DebugAgent child = DebugAgent.find(options);
		assertThat(child.isServer()).isTrue();
		assertThat(child.isSuspend()).isFalse();
		assertThat(child.getAddress()).startsWith("localhost:");
		assertThat(child.listeningPort()).isPositive().isNotEqualTo(40123);
	}

	@Test
	void oldStyleAgentOptionIsReplacedToo() {
		assertThat(DebugAgent.forChild(List.of("-Xdebug", "-Xrunjdwp:transport=dt_socket,server=y,address=5005"), null,
				false))
			.containsExactly("-Xdebug", "-agentlib:jdwp=transport=dt_socket,server=y,address=5006,suspend=n");
	}

	@Test
	void optionsWithoutAnAgentAreLeftAlone() {
		assertThat(DebugAgent.forChild(List.of("-Xmx1g"), 8000, true)).containsExactly("-Xmx1g");
		assertThat(DebugAgent.find(List.of("-Xmx1g"))).isNull();
	}

	@Test
	void portMustBeValid() {
		assertThatIllegalArgumentException().isThrownBy(() -> DebugAgent.forChild(List.of(LISTENING), 70000, false))
			.withMessage("'port' must be between 1 and 65535, was 70000");
	}

}
