package dev.reloader.watch.watchman;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Finds the socket of the Watchman server: the {@code WATCHMAN_SOCK} environment
 * variable when it is set, else what {@code watchman get-sockname} answers (which starts
 * a server for the current user if none is running).
 *
 * @author Reloader contributors
 */
final class SocketLocator {

	static final String SOCKET_VARIABLE = "WATCHMAN_SOCK";

	private final Map<String, String> environment;

	private final String command;

	/**
	 * Create a locator.
	 * @param environment the environment variables to look in
	 * @param command the name or path of the {@code watchman} command
	 */
	SocketLocator(Map<String, String> environment, String command) {
		this.environment = Map.copyOf(Objects.requireNonNull(environment, "'environment' must not be null"));
		this.command = Objects.requireNonNull(command, "'command' must not be null");
	}

	static SocketLocator fromEnvironment() {
		return new SocketLocator(System.getenv(), "watchman");
	}

	/**
	 * Return the socket path.
	 * @param timeout how long {@code watchman get-sockname} may take
	 * @return the socket path
	 * @throws IOException with a message a user can act on if the socket cannot be
	 * found
	 */
	Path locate(Duration timeout) throws IOException {
		String socket = this.environment.get(SOCKET_VARIABLE);
		if (socket != null && !socket.isBlank()) {
			return Path.of(socket);
		}
		return askCommand(timeout);
	}

	private Path askCommand(Duration timeout) throws IOException {
		List<String> arguments = List.of(this.command, "--output-encoding=json", "--no-pretty", "get-sockname");
		Process process;
		try {
			process = new ProcessBuilder(arguments).redirectError(Redirect.DISCARD).start();
		}
		catch (IOException ex) {
			throw new IOException("Watchman is not installed: the '" + this.command
					+ "' command cannot be run (" + ex.getMessage() + ")", ex);
		}
		process.getOutputStream().close();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IOException("the Watchman server does not answer: '" + this.command
						+ " get-sockname' took longer than " + timeout.toMillis()
						+ "ms (see reloader.watchman.timeout)");
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while running '" + this.command + " get-sockname'");
		}
		String output = readWhatArrived(process.getInputStream()).strip();
		if (process.exitValue() != 0) {
			throw new IOException("the Watchman server does not answer: '" + this.command
					+ " get-sockname' ended with exit code " + process.exitValue()
					+ (output.isEmpty() ? "" : ": " + output));
		}
		return socketFrom(output);
	}

	/**
	 * Read the output of an ended process without waiting for the end of the stream: a
	 * server that the command started in the background may still hold the pipe open.
	 */
	private static String readWhatArrived(InputStream stream) throws IOException {
		StringBuilder text = new StringBuilder();
		try (stream) {
			int available;
			while ((available = stream.available()) > 0) {
				text.append(new String(stream.readNBytes(available), StandardCharsets.UTF_8));
			}
		}
		return text.toString();
	}

	private Path socketFrom(String output) throws IOException {
		Object reply;
		try {
			reply = Json.read(output);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("the Watchman server does not answer: '" + this.command
					+ " get-sockname' printed something that is not JSON: " + output, ex);
		}
		if (reply instanceof Map<?, ?> map) {
			Object socket = (map.get("unix_domain") != null) ? map.get("unix_domain") : map.get("sockname");
			if (socket instanceof String path && !path.isBlank()) {
				return Path.of(path);
			}
			if (map.get("error") != null) {
				throw new IOException("the Watchman server does not answer: " + map.get("error"));
			}
		}
		throw new IOException("the Watchman server does not answer: '" + this.command
				+ " get-sockname' did not name a socket: " + output);
	}

}
