package dev.reloader.watch.watchman;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A private Watchman server for a test: its own socket, state, log and pid files in a
 * given directory, so that it neither uses nor disturbs the server of the current user.
 * A test that needs it fails when Watchman is not installed.
 *
 * @author Reloader contributors
 */
public final class WatchmanServer implements Closeable {

	private final Path socket;

	private final Path log;

	private final Process process;

	private WatchmanServer(Path socket, Path log, Process process) {
		this.socket = socket;
		this.log = log;
		this.process = process;
	}

	public static WatchmanServer start(Path directory) throws IOException {
		Path socket = directory.resolve("sock");
		Path log = directory.resolve("log");
		List<String> command = List.of("watchman", "--foreground", "--no-save-state", "--sockname=" + socket,
				"--statefile=" + directory.resolve("state"), "--logfile=" + log,
				"--pidfile=" + directory.resolve("pid"));
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(directory.resolve("output").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new AssertionError("This test needs Watchman 4.9 or later and the 'watchman' command was not "
					+ "found on the PATH; install it with 'bash .ci/install-watchman.sh'", ex);
		}
		WatchmanServer server = new WatchmanServer(socket, log, process);
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(server::answers);
		return server;
	}

	private boolean answers() throws IOException {
		if (!this.process.isAlive()) {
			fail("Watchman ended with exit code " + this.process.exitValue() + ": " + readLog());
		}
		if (!Files.exists(this.socket)) {
			return false;
		}
		try (WatchmanConnection connection = WatchmanConnection.open(this.socket, Duration.ofSeconds(5))) {
			return connection.command("version").containsKey("version");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String readLog() throws IOException {
		return Files.exists(this.log) ? Files.readString(this.log) : "(no log)";
	}

	public Path getSocket() {
		return this.socket;
	}

	/**
	 * Return a locator that finds this server through {@code WATCHMAN_SOCK}.
	 * @return the locator
	 */
	SocketLocator locator() {
		return new SocketLocator(Map.of(SocketLocator.SOCKET_VARIABLE, this.socket.toString()), "watchman");
	}

	/**
	 * Open a second connection, as another client of the server would.
	 * @return the connection
	 * @throws IOException if the server does not answer
	 */
	WatchmanConnection connect() throws IOException {
		return WatchmanConnection.open(this.socket, Duration.ofSeconds(10));
	}

	/**
	 * End the server at once, as a crash would.
	 * @throws InterruptedException if interrupted while waiting for the end
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(20, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws IOException {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
