package dev.reloader.launch.standby;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the {@link SupervisorChannel}'s messages, over its real socket.
 *
 * @author Reloader contributors
 */
class SupervisorChannelTests {

	@Test
	void readyMessageCarriesThePidAndThePorts() throws Exception {
		Map<Long, Map<String, Integer>> ready = new ConcurrentHashMap<>();
		try (SupervisorChannel channel = SupervisorChannel.open(ready::put, (pid) -> {
		}, (pid) -> {
		})) {
			send(channel, "ready 42 server=8123 management=9123");
			send(channel, "ready 43");
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ready.size() == 2);
			assertThat(ready.get(42L)).containsExactly(Map.entry("server", 8123), Map.entry("management", 9123));
			assertThat(ready.get(43L)).isEmpty();
			assertThat(channel.directory()).isDirectory();
		}
	}

	@Test
	void leavingMessageCarriesThePid() throws Exception {
		List<Long> leaving = new CopyOnWriteArrayList<>();
		try (SupervisorChannel channel = SupervisorChannel.open((pid, ports) -> {
		}, (pid) -> {
		}, leaving::add)) {
			send(channel, "leaving 42");
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !leaving.isEmpty());
			assertThat(leaving).containsExactly(42L);
		}
	}

	@Test
	void unfitMessageCarriesThePidAndTheReasonAndIsAnsweredOnceHandled() throws Exception {
		Map<Long, String> unfit = new ConcurrentHashMap<>();
		try (SupervisorChannel channel = SupervisorChannel.open((pid, ports) -> {
		}, (pid) -> {
		}, (pid) -> {
		})) {
			channel.whenStandbyUnfit(unfit::put);
			try (SocketChannel connection = SocketChannel.open(UnixDomainSocketAddress.of(channel.address()))) {
				SupervisorChannel.send(connection, "unfit 42 The rehearsal left threads running: [worker 1]");
				// The channel closes the connection once the listener has run
				assertThat(Channels.newInputStream(connection).read()).isEqualTo(-1);
				assertThat(unfit).containsExactly(Map.entry(42L, "The rehearsal left threads running: [worker 1]"));
			}
		}
	}

	private static void send(SupervisorChannel channel, String message) throws Exception {
		try (SocketChannel connection = SocketChannel.open(UnixDomainSocketAddress.of(channel.address()))) {
			SupervisorChannel.send(connection, message);
		}
	}

}
