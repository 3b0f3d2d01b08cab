package dev.reloader.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The supervisor's terminal, nodemon style: when the supervisor's standard input is a
 * terminal, a daemon thread reads it line by line; a line with the restart command (such
 * as {@code rs}) restarts the application, and every other line is passed on to the
 * application's standard input, which is then a pipe. When standard input is not a
 * terminal (an IDE's console, a redirected file, a service manager), the application
 * inherits it as it is and nothing is read.
 * <p>
 * A supervisor in a background job of a shell does not read its terminal until it is
 * brought to the foreground, since reading would stop it (SIGTTIN).
 *
 * @author Reloader contributors
 */
final class TerminalCommands {

	/**
	 * Reads nothing; children inherit the supervisor's standard input.
	 */
	static final TerminalCommands NONE = new TerminalCommands(null, null, null);

	private static final Log logger = LogFactory.getLog(TerminalCommands.class);

	private static final long FOREGROUND_CHECK_MILLIS = 1000;

	private final String restartCommand;

	private final Consumer<String> restart;

	private final InputStream input;

	private final Object monitor = new Object();

	private OutputStream applicationInput;

	private boolean ended;

	private boolean started;

	TerminalCommands(String restartCommand, Consumer<String> restart, InputStream input) {
		this.restartCommand = restartCommand;
		this.restart = restart;
		this.input = input;
	}

	/**
	 * Read the restart command from standard input if it is a terminal.
	 * @param restartCommand the command, {@code null} or blank for none
	 * @param restart asked to restart the application, with the cause to log
	 * @return the terminal commands, or {@link #NONE}
	 */
	static TerminalCommands ofStandardInput(String restartCommand, Consumer<String> restart) {
		Objects.requireNonNull(restart, "'restart' must not be null");
		if (restartCommand == null || restartCommand.isBlank() || !Terminal.isTerminal(Terminal.STANDARD_INPUT)) {
			return NONE;
		}
		return new TerminalCommands(restartCommand.strip(), restart, System.in);
	}

	/**
	 * Return how children get their standard input.
	 * @return a pipe fed by this reader, or the supervisor's own standard input
	 */
	ProcessBuilder.Redirect childInput() {
		return (this.input != null) ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT;
	}

	/**
	 * Start reading, once; does nothing for {@link #NONE}.
	 */
	void start() {
		synchronized (this.monitor) {
			if (this.input == null || this.started) {
				return;
			}
			this.started = true;
		}
		Thread thread = new Thread(new LineReader(), "reloader-terminal");
		thread.setDaemon(true);
		thread.start();
		logger.info("Type " + this.restartCommand + " and Enter to restart the application");
	}

	/**
	 * Pass the lines typed from now on to a newly started child.
	 * @param child the child
	 */
	void connect(ChildProcess child) {
		if (this.input != null) {
			connect(child.input());
		}
	}

	void connect(OutputStream applicationInput) {
		synchronized (this.monitor) {
			this.applicationInput = applicationInput;
			if (this.ended) {
				closeApplicationInput();
			}
		}
	}

	void handle(String line) {
		if (line.strip().equals(this.restartCommand)) {
			this.restart.accept("restart requested from the terminal");
			return;
		}
		synchronized (this.monitor) {
			if (this.applicationInput == null) {
				return;
			}
			try {
				this.applicationInput.write((line + System.lineSeparator()).getBytes(Charset.defaultCharset()));
				this.applicationInput.flush();
			}
			catch (IOException ex) {
				// The application does not read its input or has just exited
				this.applicationInput = null;
			}
		}
	}

	void end() {
		synchronized (this.monitor) {
			this.ended = true;
			closeApplicationInput();
		}
	}

	private void closeApplicationInput() {
		if (this.applicationInput != null) {
			try {
				this.applicationInput.close();
			}
			catch (IOException ex) {
				// The application has exited
			}
			this.applicationInput = null;
		}
	}

	private final class LineReader implements Runnable {

		@Override
		public void run() {
			try {
				while (!Terminal.isInForeground()) {
					Thread.sleep(FOREGROUND_CHECK_MILLIS);
				}
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(TerminalCommands.this.input, Charset.defaultCharset()));
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					handle(line);
				}
			}
			catch (IOException ex) {
				logger.debug("Stopped reading the terminal", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			end();
		}

	}

}
