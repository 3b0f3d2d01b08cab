package dev.reloader.launch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TerminalCommands}, fed with lines directly.
 *
 * @author Reloader contributors
 */
class TerminalCommandsTests {

	private final List<String> restarts = new CopyOnWriteArrayList<>();

	private final TerminalCommands commands = new TerminalCommands("rs", this.restarts::add,
			new ByteArrayInputStream(new byte[0]));

	@Test
	void restartCommandRestartsWithItsCause() {
		this.commands.handle("rs");
		this.commands.handle("  rs ");
		assertThat(this.restarts).containsExactly("restart requested from the terminal",
				"restart requested from the terminal");
	}

	@Test
	void otherLinesReachTheApplicationAndTheRestartCommandDoesNot() throws Exception {
		ByteArrayOutputStream application = new ByteArrayOutputStream();
		this.commands.connect(application);
		this.commands.handle("hello");
		this.commands.handle("rs");
		this.commands.handle("rsvp");
		assertThat(application.toString()).isEqualTo("hello" + System.lineSeparator() + "rsvp" + System.lineSeparator());
		assertThat(this.restarts).hasSize(1);
	}

	@Test
	void childrenGetAPipeOnlyWhenTheTerminalIsRead() {
		assertThat(this.commands.childInput()).isEqualTo(ProcessBuilder.Redirect.PIPE);
		assertThat(TerminalCommands.NONE.childInput()).isEqualTo(ProcessBuilder.Redirect.INHERIT);
	}

	@Test
	void noCommandMeansTheTerminalIsLeftAlone() {
		assertThat(TerminalCommands.ofStandardInput("", this.restarts::add)).isSameAs(TerminalCommands.NONE);
		assertThat(TerminalCommands.ofStandardInput(null, this.restarts::add)).isSameAs(TerminalCommands.NONE);
	}

	@Test
	void standardInputOfATestIsNoTerminal() {
		assertThat(TerminalCommands.ofStandardInput("rs", this.restarts::add)).isSameAs(TerminalCommands.NONE);
	}

}
