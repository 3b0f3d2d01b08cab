package dev.reloader.launch.frontdoor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link FrontDoor} over real sockets, with plain servers in place of the
 * children.
 *
 * @author Reloader contributors
 */
class FrontDoorTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private FrontDoor frontDoor;

	@AfterEach
	void close() {
		if (this.frontDoor != null) {
			this.frontDoor.close();
		}
	}

	@Test
	void relaysToTheChildThatReportedItsPort() throws Exception {
		open(Duration.ofSeconds(30));
		try (ServerSocket child = new ServerSocket(0, 50, LOOPBACK)) {
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> exchange("GET / HTTP/1.1\r\n\r\n"));
			this.frontDoor.childReady(Map.of(FrontDoor.SERVER, child.getLocalPort()));
			answerOnce(child, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
			assertThat(answer.get()).endsWith("hello");
		}
	}

	@Test
	void requestThatTheStoppingChildClosedUnansweredGoesToTheNextChild() throws Exception {
		open(Duration.ofSeconds(30));
		try (ServerSocket old = new ServerSocket(0, 50, LOOPBACK); ServerSocket next = new ServerSocket(0, 50, LOOPBACK)) {
			this.frontDoor.childReady(Map.of(FrontDoor.SERVER, old.getLocalPort()));
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> exchange("GET / HTTP/1.1\r\n\r\n"));
			try (Socket connection = old.accept()) {
				// Reads the request, then goes away without a word
				assertThat(readHead(connection.getInputStream())).startsWith("GET /");
			}
			this.frontDoor.childReady(Map.of(FrontDoor.SERVER, next.getLocalPort()));
			try (Socket connection = next.accept()) {
				assertThat(readHead(connection.getInputStream())).startsWith("GET /");
				connection.getOutputStream()
					.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nnew".getBytes(
							StandardCharsets.US_ASCII));
			}
			assertThat(answer.get()).startsWith("HTTP/1.1 200").endsWith("new");
		}
	}

	@Test
	void idleConnectionThatTheChildClosesIsClosedForTheClientToo() throws Exception {
		open(Duration.ofSeconds(60));
		try (ServerSocket child = new ServerSocket(0, 50, LOOPBACK);
				Socket client = new Socket(LOOPBACK, this.frontDoor.port(FrontDoor.SERVER))) {
			this.frontDoor.childReady(Map.of(FrontDoor.SERVER, child.getLocalPort()));
			// The child closes a connection on which nothing was sent, as a server's idle
			// timeout does (a browser's preconnected socket, say)
			child.accept().close();
			client.setSoTimeout(30_000);
			assertThat(client.getInputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void requestWaitsAtMostTheTimeoutThenGetsAProblem() throws Exception {
		open(Duration.ofMillis(300));
		String answer = exchange("GET /api HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 503 ")
			.contains("Content-Type: application/problem+json")
			.contains("\"status\":503")
			.contains("reloader.front-door.timeout");
	}

	@Test
	void browserGetsAPageThatNamesTheFailureEscapedAndReloadsItself() throws Exception {
		open(Duration.ofSeconds(30));
		this.frontDoor.childFailed(new StartFailure("Bean <b> & \"c\" failed", "Define a bean", null));
		String answer = exchange("GET / HTTP/1.1\r\nAccept: text/html,*/*;q=0.8\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 503 ")
			.contains("Content-Type: text/html;charset=UTF-8")
			.contains("Bean &lt;b&gt; &amp; &quot;c&quot; failed")
			.contains("Define a bean")
			.contains("location.reload()")
			.doesNotContain("<b>");
	}

	@Test
	void apiClientGetsTheFailureAsProblemJson() throws Exception {
		open(Duration.ofSeconds(30));
		this.frontDoor.childFailed(new StartFailure("Port \"x\" failed", "Fix it", "java.lang.IllegalStateException"));
		String answer = exchange("GET / HTTP/1.1\r\n\r\n");
		assertThat(answer).contains("application/problem+json")
			.contains("\"detail\":\"Port \\\"x\\\" failed\"")
			.contains("\"action\":\"Fix it\"");
	}

	@Test
	void waitingRequestGetsTheFailureAsSoonAsTheChildFails() throws Exception {
		open(Duration.ofSeconds(60));
		CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> exchange("GET / HTTP/1.1\r\n\r\n"));
		this.frontDoor.childFailed(new StartFailure("It broke", null, null));
		assertThat(answer.get()).startsWith("HTTP/1.1 503").contains("It broke");
	}

	@Test
	void silentClientBlocksNoOtherClient() throws Exception {
		open(Duration.ofSeconds(30));
		try (ServerSocket child = new ServerSocket(0, 50, LOOPBACK);
				Socket silent = new Socket(LOOPBACK, this.frontDoor.port(FrontDoor.SERVER))) {
			this.frontDoor.childReady(Map.of(FrontDoor.SERVER, child.getLocalPort()));
			Socket relayedSilent = child.accept();
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> exchange("GET / HTTP/1.1\r\n\r\n"));
			answerOnce(child, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
			assertThat(answer.get()).startsWith("HTTP/1.1 204");
			relayedSilent.close();
		}
	}

	@Test
	void takenPortFailsWithAMessageNamingItsProperty() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
			assertThatExceptionOfType(java.net.BindException.class)
				.isThrownBy(() -> FrontDoor.open(
						List.of(new FrontDoor.Port(FrontDoor.SERVER, LOOPBACK, taken.getLocalPort(), "server.port")),
						Duration.ofSeconds(1)))
				.withMessageContaining("Port " + taken.getLocalPort() + " (server.port) is already in use");
		}
	}

	private void open(Duration timeout) throws IOException {
		this.frontDoor = FrontDoor.open(List.of(new FrontDoor.Port(FrontDoor.SERVER, LOOPBACK, 0, "server.port")),
				timeout);
	}

	private String exchange(String request) {
		try (Socket socket = new Socket(LOOPBACK, this.frontDoor.port(FrontDoor.SERVER))) {
			socket.setSoTimeout(90_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answerOnce(ServerSocket child, String response) throws IOException {
		try (Socket connection = child.accept()) {
			readHead(connection.getInputStream());
			OutputStream out = connection.getOutputStream();
			out.write(response.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			connection.shutdownOutput();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> connection.getInputStream().read() < 0);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int read = in.read();
			if (read < 0) {
				break;
			}
			head.append((char) read);
		}
		return head.toString();
	}

}
