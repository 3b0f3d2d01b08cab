package dev.reloader.watch.watchman;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reloader.watch.ReloaderSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link ReloaderSelector} chooses Watchman, each in a JVM of its own with
 * the environment that the case needs.
 *
 * @author Reloader contributors
 */
class WatchmanSelectionTests {

	@TempDir
	Path temp;

	@Test
	void forcedWatchmanFailsClearlyWhenTheServerDoesNotAnswer() throws Exception {
		Path socket = this.temp.resolve("missing.sock");
		String outcome = select("watchman", Map.of("WATCHMAN_SOCK", socket.toString()));
		assertThat(outcome).startsWith("failed: reloader.type=watchman, but Watchman cannot be used: "
				+ "the Watchman server at " + socket + " does not answer")
			.endsWith("Install Watchman 4.9 or later and check that 'watchman version' answers, "
					+ "or set reloader.type=auto to use the best reloader that works here");
	}

	@Test
	void forcedWatchmanFailsClearlyWhenWatchmanIsNotInstalled() throws Exception {
		Path emptyPath = Files.createDirectories(this.temp.resolve("bin"));
		String outcome = select("watchman", Map.of("PATH", emptyPath.toString()));
		assertThat(outcome)
			.startsWith("failed: reloader.type=watchman, but Watchman cannot be used: Watchman is not installed");
	}

	@Test
	void forcedWatchmanIsUsedWhenTheServerAnswers() throws Exception {
		try (WatchmanServer server = WatchmanServer.start(Files.createDirectories(this.temp.resolve("server")))) {
			String outcome = select("watchman", Map.of("WATCHMAN_SOCK", server.getSocket().toString()));
			assertThat(outcome).startsWith("selected WatchmanReloader: reloader.type=watchman; Watchman 4.");
		}
	}

	@Test
	void autoPicksWatchmanWhenTheServerAnswers() throws Exception {
		try (WatchmanServer server = WatchmanServer.start(Files.createDirectories(this.temp.resolve("server")))) {
			String outcome = select("auto", Map.of("WATCHMAN_SOCK", server.getSocket().toString()));
			assertThat(outcome).startsWith("selected WatchmanReloader: reloader.type=auto; Watchman 4.");
		}
	}

	@Test
	void autoTakesNativeEventsAndSaysWhyWhenTheServerDoesNotAnswer() throws Exception {
		Path socket = this.temp.resolve("missing.sock");
		String outcome = select("auto", Map.of("WATCHMAN_SOCK", socket.toString()));
		assertThat(outcome).startsWith("selected NativeReloader: reloader.type=auto; not Watchman (the Watchman server at "
				+ socket + " does not answer")
			.contains("native file system events are available");
	}

	private String select(String type, Map<String, String> environment) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), SelectReloaderMain.class.getName(), type,
				this.temp.toString()));
		builder.environment().remove(SocketLocator.SOCKET_VARIABLE);
		builder.environment().putAll(environment);
		builder.redirectErrorStream(true);
		Process process = builder.start();
		process.getOutputStream().close();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String text = new String(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(text).isZero();
		return text.lines()
			.filter((line) -> line.startsWith("selected ") || line.startsWith("failed: "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No outcome in: " + text));
	}

}
