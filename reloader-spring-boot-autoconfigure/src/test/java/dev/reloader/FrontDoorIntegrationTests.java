package dev.reloader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.HeldStart.holdNextChild;
import static dev.reloader.HeldStart.release;
import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * End-to-end tests of the front door: the supervisor holds the application's port across
 * reloads and relays each connection to the current child; a request made while a child
 * starts waits for it, and a failed start is answered with a 503 that names it.
 *
 * @author Reloader contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class FrontDoorIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	private static final String HOLD = "com.example.reload.Hold";

	private static final Pattern PUBLIC_PORT = Pattern.compile("The application answers on port (\\d+)");

	@TempDir
	Path directory;

	@Test
	void everyRequestOnANewConnectionDuringReloadsIsAnsweredOnTheSameFreePort() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			writeApplication(app, "v1");
			app.port(0).start(List.of(), APP, "--reloader.child.standby=false");
			await().until(() -> PUBLIC_PORT.matcher(app.output()).find());
			Matcher matcher = PUBLIC_PORT.matcher(app.output());
			assertThat(matcher.find()).isTrue();
			int port = Integer.parseInt(matcher.group(1));
			app.port(port);
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			// The application builds from the Host header that the client sent
			assertThat(app.get("/host")).isEqualTo("127.0.0.1:" + port + " " + port);

			try (RequestStream stream = new RequestStream(port)) {
				for (int version = 2; version <= 4; version++) {
					String text = "v" + version;
					app.source(CONTROLLER, controller(text)).compile();
					await().until(() -> stream.lastAnswer(), text::equals);
					app.awaitWatching(version);
				}
				stream.stop();
				assertThat(stream.refused()).as("refused").isZero();
				assertThat(stream.reset()).as("reset").isZero();
				assertThat(stream.otherThan200()).as("answered with another status").isZero();
				assertThat(stream.answers()).hasSizeGreaterThan(20);
				assertThat(distinctInOrder(stream.answers())).containsExactly("v1", "v2", "v3", "v4");
			}
			assertThat(app.countInOutput("Reloading")).isEqualTo(3);
			assertThat(app.countInOutput("The application answers on")).isEqualTo(1);
		}
	}

	@Test
	void requestMadeWhileTheNextChildStartsWaitsAndIsAnsweredByItOnceItIsReady() throws Exception {
		Path hold = this.directory.resolve("hold");
		int managementPort = freePort();
		URI endpoint = URI.create("http://127.0.0.1:" + managementPort + "/actuator/reloader");
		HttpClient http = HttpClient.newHttpClient();
		try (TestApplication app = new TestApplication(Files.createDirectories(this.directory.resolve("app")))) {
			writeApplication(app, "v1");
			app.source(HOLD, hold()).compile();
			app.start(List.of(), APP, "--hold-file=" + hold, "--reloader.child.standby=false",
					"--management.server.port=" + managementPort, "--management.endpoints.web.exposure.include=reloader");
			await().until(() -> app.get("/"), "v1"::equals);
			assertThat(body(http, endpoint)).contains("\"restarts\":0");
			app.awaitWatching(1);
			holdNextChild(hold);
			app.source(CONTROLLER, controller("v2")).compile();
			// The next child's web server runs; its start is held before it is ready
			await().until(() -> app.countInOutput("Started DemoApplication") >= 2);
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
				socket.getOutputStream()
					.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				// Not answered while the child is held (its web server would answer at once)
				socket.setSoTimeout(2000);
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read());
				socket.setSoTimeout(60_000);
				release(hold);
				String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nv2");
			}
			// The management port is held across the reload too, and relayed to the new child
			assertThat(body(http, endpoint)).contains("\"restarts\":1");
		}
	}

	@Test
	void turnedOffTheChildListensOnTheApplicationsPortItself() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			writeApplication(app, "v1");
			app.start(List.of(), APP, "--reloader.front-door.enabled=false", "--reloader.child.standby=false");
			await().until(() -> app.get("/"), "v1"::equals);
			assertThat(app.output()).contains("Tomcat started on port " + app.port() + " (http)")
				.doesNotContain("The application answers on");
			assertThat(app.get("/host")).isEqualTo("127.0.0.1:" + app.port() + " " + app.port());
		}
	}

	@Test
	void failedStartIsAnsweredWithWhatFailedUntilTheFix() throws Exception {
		try (TestApplication app = new TestApplication(Files.createDirectories(this.directory.resolve("app")));
				Browser browser = new Browser(this.directory.resolve("browser"))) {
			writeApplication(app, "v1");
			app.start(List.of(), APP, "--reloader.child.standby=false");
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);

			// An exception without a failure analysis: its message and stack trace
			app.source(CONTROLLER, brokenController()).compile();
			await().until(() -> status(app.exchangeText("/", "text/html")) == 503);
			HttpResponse<String> page = app.exchangeText("/", "text/html,application/xhtml+xml,*/*;q=0.8");
			assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
			assertThat(page.body()).contains("The application failed to start")
				.contains("Broken &lt;on purpose&gt; &amp; loud")
				.contains("at com.example.reload.GreetingController.")
				.contains("location.reload()")
				.doesNotContain("<on purpose>");
			HttpResponse<String> problem = app.exchangeText("/", "application/json");
			assertThat(problem.statusCode()).isEqualTo(503);
			assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(problem.body()).contains("\"status\":503").contains("Broken <on purpose> & loud");

			// A failure that Spring Boot analyses: its description and action
			app.source(CONTROLLER, controllerNeedingAClock()).compile();
			await().until(() -> app.exchangeText("/", "text/html"),
					(response) -> response != null && response.body().contains("java.time.Clock"));
			page = app.exchangeText("/", "text/html");
			assertThat(page.statusCode()).isEqualTo(503);
			assertThat(page.body()).contains("required a bean of type &#39;java.time.Clock&#39; that could not be found")
				.contains("Consider defining a bean of type &#39;java.time.Clock&#39;");
			problem = app.exchangeText("/", "application/json");
			assertThat(problem.body()).contains("required a bean of type 'java.time.Clock'")
				.contains("\"action\":\"Consider defining a bean");

			// A page left open on the failure shows the application once a fix has started it
			browser.open(app.url("/page"));
			assertThat(browser.text("description")).contains("java.time.Clock");
			app.source(CONTROLLER, controller("v3")).compile();
			await().until(() -> browser.text("greeting"), "v3"::equals);
			assertThat(browser.currentUrl()).isEqualTo(app.url("/page"));
			assertThat(app.get("/")).isEqualTo("v3");
		}
	}

	@Test
	void tlsAndAnEventStreamPassThroughAcrossAReload() throws Exception {
		Path keyStore = this.directory.resolve("keystore.p12");
		assertThat(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
				"-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
				"-keystore", keyStore.toString(), "-storepass", "secret123", "-keypass", "secret123")
			.inheritIO()
			.start()
			.waitFor()).isZero();
		HttpClient https = HttpClient.newBuilder()
			.sslContext(trusting(keyStore))
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		try (TestApplication app = new TestApplication(Files.createDirectories(this.directory.resolve("app")))) {
			writeApplication(app, "v1");
			app.start(List.of(), APP, "--server.ssl.key-store=" + keyStore, "--server.ssl.key-store-password=secret123",
					"--server.ssl.key-store-type=PKCS12", "--reloader.child.standby=false");
			URI root = URI.create("https://127.0.0.1:" + app.port() + "/");
			await().until(() -> body(https, root), "v1"::equals);
			assertThat(body(https, root.resolve("/host"))).isEqualTo("127.0.0.1:" + app.port() + " " + app.port());
			app.awaitWatching(1);

			HttpResponse<InputStream> events = https.send(HttpRequest.newBuilder(root.resolve("/.reloader/events"))
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofInputStream());
			assertThat(events.statusCode()).isEqualTo(200);
			assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			app.source(CONTROLLER, controller("v2")).compile();
			// The stream stays open until the old application closes it
			try (InputStream stream = events.body()) {
				assertThat(stream.readAllBytes()).isNotNull();
			}
			await().until(() -> body(https, root), "v2"::equals);
		}
	}

	private static String body(HttpClient client, URI uri) {
		try {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static SSLContext trusting(Path keyStore) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			trusted.load(in, "secret123".toCharArray());
		}
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		return context;
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static int status(HttpResponse<?> response) {
		return (response != null) ? response.statusCode() : -1;
	}

	private static List<String> distinctInOrder(List<String> answers) {
		List<String> distinct = new ArrayList<>();
		for (String answer : answers) {
			if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(answer)) {
				distinct.add(answer);
			}
		}
		return distinct;
	}

	private static void writeApplication(TestApplication app, String greeting) throws IOException {
		app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
		app.source(CONTROLLER, controller(greeting));
		app.compile();
	}

	private static String controller(String greeting) {
		return """
				package com.example.reload;

				import jakarta.servlet.http.HttpServletRequest;

				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					@GetMapping("/")
					String greeting() {
						return "%1$s" + (Boolean.getBoolean("held") ? " early" : "");
					}

					@GetMapping(path = "/page", produces = "text/html")
					String page() {
						return "<!DOCTYPE html><html><body><p id='greeting'>%1$s</p></body></html>";
					}

					@GetMapping("/host")
					String host(HttpServletRequest request) {
						return request.getHeader("Host") + " " + request.getServerPort();
					}

				}
				""".formatted(greeting);
	}

	private static String brokenController() {
		return """
				package com.example.reload;

				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					GreetingController() {
						throw new IllegalStateException("Broken <on purpose> & loud");
					}

				}
				""";
	}

	private static String controllerNeedingAClock() {
		return """
				package com.example.reload;

				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					GreetingController(java.time.Clock clock) {
					}

				}
				""";
	}

	/**
	 * A runner that holds a child's start while the pipe named by {@code hold-file}
	 * exists, and marks the time it holds it with the {@code held} system property.
	 */
	private static String hold() {
		return """
				package com.example.reload;

				import java.io.IOException;
				import java.nio.file.Files;
				import java.nio.file.Path;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.boot.ApplicationArguments;
				import org.springframework.boot.ApplicationRunner;
				import org.springframework.stereotype.Component;

				@Component
				class Hold implements ApplicationRunner {

					private final Path hold;

					Hold(@Value("${hold-file}") String hold) {
						this.hold = Path.of(hold);
					}

					@Override
					public void run(ApplicationArguments args) throws IOException {
						if (Files.exists(this.hold)) {
							System.setProperty("held", "true");
							Files.readAllBytes(this.hold);
							System.clearProperty("held");
						}
					}

				}
				""";
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
	}

	/**
	 * One GET every 20 ms, each on a new connection, as a client that does not reuse
	 * connections sends them; counts how each ends.
	 */
	static final class RequestStream implements AutoCloseable {

		private final int port;

		private final ExecutorService requests = Executors.newCachedThreadPool();

		private final Thread pacer;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<String> answers = Collections.synchronizedList(new ArrayList<>());

		private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

		private volatile String lastAnswer;

		RequestStream(int port) {
			this.port = port;
			this.pacer = new Thread(this::pace, "request-stream");
			this.pacer.start();
		}

		private void pace() {
			while (this.running.get()) {
				this.requests.execute(this::request);
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		private void request() {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
				socket.setSoTimeout(60_000);
				socket.getOutputStream()
					.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				ByteArrayOutputStream received = new ByteArrayOutputStream();
				socket.getInputStream().transferTo(received);
				String answer = received.toString(StandardCharsets.UTF_8);
				if (answer.startsWith("HTTP/1.1 200")) {
					String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
					this.answers.add(body);
					this.lastAnswer = body;
				}
				else if (answer.isEmpty()) {
					this.failures.add("reset");
				}
				else {
					this.failures.add("status " + answer.lines().findFirst().orElse(""));
				}
			}
			catch (ConnectException ex) {
				this.failures.add("refused");
			}
			catch (SocketException ex) {
				this.failures.add("reset");
			}
			catch (IOException ex) {
				this.failures.add("error " + ex);
			}
		}

		String lastAnswer() {
			return this.lastAnswer;
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.pacer.join();
			this.requests.shutdown();
			assertThat(this.requests.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
		}

		List<String> answers() {
			return new ArrayList<>(this.answers);
		}

		long refused() {
			return this.failures.stream().filter("refused"::equals).count();
		}

		long reset() {
			return this.failures.stream().filter("reset"::equals).count();
		}

		long otherThan200() {
			return this.failures.stream().filter((failure) -> !failure.equals("refused") && !failure.equals("reset")).count();
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.pacer.join();
			this.requests.shutdownNow();
		}

	}

}
