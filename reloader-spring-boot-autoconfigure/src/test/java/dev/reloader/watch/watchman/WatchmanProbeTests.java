package dev.reloader.watch.watchman;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.reloader.watch.watchman.WatchmanReloader.Availability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link WatchmanReloader#probe(Duration)} and finding the server.
 *
 * @author Reloader contributors
 */
class WatchmanProbeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	@Test
	void runningServerIsAvailableWithItsVersion() throws IOException {
		try (WatchmanServer server = WatchmanServer.start(this.temp)) {
			Availability availability = WatchmanReloader.probe(server.locator(), TIMEOUT);
			assertThat(availability.isAvailable()).as(availability.toString()).isTrue();
			assertThat(availability.getVersion()).startsWith("4.");
			assertThat(availability.getReason()).isNull();
		}
	}

	@Test
	void missingCommandMeansNotInstalled() {
		SocketLocator locator = new SocketLocator(Map.of(), "watchman-that-is-not-installed");
		Availability availability = WatchmanReloader.probe(locator, TIMEOUT);
		assertThat(availability.isAvailable()).isFalse();
		assertThat(availability.getReason())
			.startsWith("Watchman is not installed: the 'watchman-that-is-not-installed' command cannot be run");
	}

	@Test
	void socketWithoutServerMeansTheServerDoesNotAnswer() {
		Path socket = this.temp.resolve("missing.sock");
		SocketLocator locator = new SocketLocator(Map.of("WATCHMAN_SOCK", socket.toString()), "watchman");
		Availability availability = WatchmanReloader.probe(locator, TIMEOUT);
		assertThat(availability.isAvailable()).isFalse();
		assertThat(availability.getReason()).startsWith("the Watchman server at " + socket + " does not answer");
	}

	@Test
	void serverOlderThanFourNineIsTooOld() throws Exception {
		Path socket = this.temp.resolve("old.sock");
		try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			listener.bind(UnixDomainSocketAddress.of(socket));
			Thread answering = new Thread(() -> answerOnce(listener, "{\"version\":\"4.5.0\"}\n"));
			answering.start();
			SocketLocator locator = new SocketLocator(Map.of("WATCHMAN_SOCK", socket.toString()), "watchman");
			Availability availability = WatchmanReloader.probe(locator, TIMEOUT);
			answering.join();
			assertThat(availability.isAvailable()).isFalse();
			assertThat(availability.getReason()).isEqualTo("Watchman 4.5.0 is too old: 4.9 or later is required");
		}
	}

	@Test
	void versionsAreComparedNumerically() {
		assertThat(WatchmanReloader.isSupported("4.9.0")).isTrue();
		assertThat(WatchmanReloader.isSupported("4.10.0")).isTrue();
		assertThat(WatchmanReloader.isSupported("2024.03.11.00")).isTrue();
		assertThat(WatchmanReloader.isSupported("5.0")).isTrue();
		assertThat(WatchmanReloader.isSupported("4.8.9")).isFalse();
		assertThat(WatchmanReloader.isSupported("3.10")).isFalse();
		assertThat(WatchmanReloader.isSupported("4")).isFalse();
	}

	@Test
	void socketNamedInTheEnvironmentIsUsedWithoutRunningTheCommand() throws IOException {
		SocketLocator locator = new SocketLocator(Map.of("WATCHMAN_SOCK", "/run/watchman.sock"),
				"watchman-that-is-not-installed");
		assertThat(locator.locate(TIMEOUT)).isEqualTo(Path.of("/run/watchman.sock"));
	}

	@Test
	void commandThatPrintsNoSocketIsReported() {
		SocketLocator locator = new SocketLocator(Map.of(), "true");
		assertThatIOException().isThrownBy(() -> locator.locate(TIMEOUT))
			.withMessageContaining("'true get-sockname' printed something that is not JSON");
	}

	@Test
	void commandThatFailsIsReportedWithItsExitCode() {
		SocketLocator locator = new SocketLocator(Map.of(), "false");
		assertThatIOException().isThrownBy(() -> locator.locate(TIMEOUT))
			.withMessage("the Watchman server does not answer: 'false get-sockname' ended with exit code 1");
	}

	@Test
	void timeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> WatchmanReloader.probe(Duration.ZERO))
			.withMessage("'timeout' must be positive, was PT0S");
	}

	private static void answerOnce(ServerSocketChannel listener, String reply) {
		try (SocketChannel client = listener.accept()) {
			ByteBuffer request = ByteBuffer.allocate(1024);
			while (request.position() == 0 || request.get(request.position() - 1) != '\n') {
				if (client.read(request) < 0) {
					return;
				}
			}
			client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
