package dev.reloader;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of pages that refresh themselves: applications launched with
 * {@code java -cp}, their pages open in a headless Chromium while classes, templates and
 * static files change; the test opens each page once and never navigates again.
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class BrowserRefreshIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.PageController";

	private static final String SCRIPT_ELEMENT = "<script src=\"/.reloader/refresh.js\"></script>";

	private static final String START_LINE = "Pages refresh themselves";

	private static final List<String> THYMELEAF = List.of("spring-boot-thymeleaf", "thymeleaf-spring6", "thymeleaf",
			"attoparser", "unbescape");

	private static final List<String> SECURITY = List.of("spring-boot-security", "spring-security-config",
			"spring-security-core", "spring-security-crypto", "spring-security-web");

	private static final List<String> WEBFLUX = List.of("spring-boot-webflux", "spring-boot-http-codec",
			"spring-boot-reactor");

	@TempDir
	Path directory;

	@Test
	void openPageRefreshesItselfOnceTheApplicationIsBackAfterEachRestart() throws Exception {
		try (TestApplication app = new TestApplication(this.directory.resolve("app"));
				Browser browser = new Browser(this.directory.resolve("browser"))) {
			writeDemo(app);
			start(app);
			app.awaitWatching(1);

			browser.open(app.url("/"));
			assertThat(browser.text("greeting")).isEqualTo("v1");
			await().until(browser::isListening);
			long changed = System.nanoTime();
			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> browser.text("greeting"), "v2"::equals);
			System.out.printf("Page refreshed %d ms after the class was written%n",
					Duration.ofNanos(System.nanoTime() - changed).toMillis());
			assertThat(browser.currentUrl()).isEqualTo(app.url("/"));
			assertThat(browser.script("return performance.getEntriesByType('navigation')[0].type"))
				.isEqualTo("reload");
			assertThat(app.countInOutput("Reloading")).isEqualTo(1);
			app.awaitWatching(2);

			// A strict Content-Security-Policy: no inline script, scripts only with its nonce
			browser.open(app.url("/csp"));
			assertThat(browser.text("greeting")).isEqualTo("v2");
			await().until(browser::isListening);
			app.source(CONTROLLER, controller("v3")).compile();
			await().until(() -> browser.text("greeting"), "v3"::equals);
			assertThat(browser.currentUrl()).isEqualTo(app.url("/csp"));
			assertThat(new String(app.exchange("/csp").body(), StandardCharsets.UTF_8))
				.contains("<script src=\"/.reloader/refresh.js\" nonce=\"r4nd0m\"></script></body>");
			assertThat(app.countInOutput("Reloading")).isEqualTo(2);
			assertThat(app.countInOutput(START_LINE)).isEqualTo(3);
			// The open streams end as the application closes: graceful shutdown waits for none
			assertThat(app.countInOutput("Graceful shutdown complete")).isEqualTo(2);
			assertThat(app.output()).doesNotContain("Graceful shutdown aborted");
		}
	}

	@Test
	void openPageRefreshesItselfAfterATemplateOrStaticFileEditWithoutARestart() throws Exception {
		try (TestApplication app = new TestApplication(this.directory.resolve("app"));
				Browser browser = new Browser(this.directory.resolve("browser"))) {
			THYMELEAF.forEach(app::jar);
			writeDemo(app);
			app.resource("templates/greeting.html", template("template v1"));
			app.resource("static/page.html", page("static v1"));
			start(app, "--spring.thymeleaf.cache=false", "--reloader.child.standby=false");
			app.awaitWatching(1);

			browser.open(app.url("/template"));
			assertThat(browser.text("greeting")).isEqualTo("template v1");
			await().until(browser::isListening);
			long changed = System.nanoTime();
			app.changeResource("templates/greeting.html", template("template v2"));
			await().until(() -> browser.text("greeting"), "template v2"::equals);
			System.out.printf("Page refreshed %d ms after the template was written%n",
					Duration.ofNanos(System.nanoTime() - changed).toMillis());
			assertThat(browser.currentUrl()).isEqualTo(app.url("/template"));

			browser.open(app.url("/page.html"));
			assertThat(browser.text("greeting")).isEqualTo("static v1");
			await().until(browser::isListening);
			app.changeResource("static/page.html", page("static v2"));
			await().until(() -> browser.text("greeting"), "static v2"::equals);
			assertThat(app.countInOutput("Reloading")).isZero();
		}
	}

	@Test
	void onlyWholeHtmlPagesGetTheScriptAndJsonIsUnchangedByteForByte() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			writeDemo(app);
			start(app, "--reloader.child.standby=false");

			HttpResponse<byte[]> json = app.exchange("/api");
			assertThat(json.body()).isEqualTo(json("v1").getBytes(StandardCharsets.UTF_8));
			assertThat(json.headers().firstValue("Content-Length")).hasValue(Integer.toString(json.body().length));
			assertThat(new String(app.exchange("/fragment").body(), StandardCharsets.UTF_8))
				.isEqualTo("<p>fragment</p>");
			HttpResponse<byte[]> page = app.exchange("/");
			assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(page("v1")
				.replace("</body>", SCRIPT_ELEMENT + "</body>"));
			assertThat(page.headers().firstValue("Content-Length")).hasValue(Integer.toString(page.body().length));
			HttpResponse<byte[]> script = app.exchange("/.reloader/refresh.js");
			assertThat(script.statusCode()).isEqualTo(200);
			assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/javascript"));
			assertThat(new String(script.body(), StandardCharsets.UTF_8)).contains("EventSource");
			assertStreamOpens(app, "/.reloader/events");
			HttpResponse<byte[]> error = app.exchange("/missing", "Accept", "text/html");
			assertThat(error.statusCode()).isEqualTo(404);
			assertThat(new String(error.body(), StandardCharsets.UTF_8)).contains("Whitelabel Error Page")
				.contains(SCRIPT_ELEMENT + "</body>");
			assertThat(app.countInOutput(START_LINE + " after each restart and template or static file edit: "
					+ "HTML pages load /.reloader/refresh.js, which listens to /.reloader/events")).isEqualTo(1);
		}
	}

	@Test
	void propertyTurnsTheScriptOff() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			writeDemo(app);
			start(app, "--reloader.browser-refresh.enabled=false", "--reloader.child.standby=false");
			assertThat(app.get("/")).isEqualTo(page("v1"));
			assertThat(app.exchange("/.reloader/refresh.js").statusCode()).isEqualTo(404);
			assertThat(app.countInOutput(START_LINE)).isZero();
			assertThat(app.countInOutput("Watching for file changes")).isLessThanOrEqualTo(1);
		}
	}

	@Test
	void scriptAndStreamNeedNoLoginUnderAContextPathAndCompressedPagesGetTheScript() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			SECURITY.forEach(app::jar);
			writeDemo(app);
			app.compile();
			app.start(List.of(), APP, "--server.servlet.context-path=/ctx", "--server.compression.enabled=true",
					"--server.compression.min-response-size=1", "--reloader.child.standby=false");
			await().until(() -> app.exchange("/ctx/api"), (response) -> response != null);
			assertThat(app.exchange("/ctx/api").statusCode()).isEqualTo(401);
			assertThat(app.exchange("/ctx/").statusCode()).isEqualTo(401);
			assertThat(app.exchange("/ctx/.reloader/other").statusCode()).isEqualTo(401);
			assertThat(app.exchange("/ctx/.reloader/refresh.js").statusCode()).isEqualTo(200);
			assertStreamOpens(app, "/ctx/.reloader/events");

			HttpResponse<byte[]> login = app.exchange("/ctx/login", "Accept-Encoding", "gzip");
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.headers().firstValue("Content-Encoding")).hasValue("gzip");
			String body;
			try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(login.body()))) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			assertThat(body).contains("<script src=\"/ctx/.reloader/refresh.js\"></script>");
			assertThat(app.countInOutput("HTML pages load /ctx/.reloader/refresh.js")).isEqualTo(1);
		}
	}

	@Test
	void webFluxPagesGetTheScriptAndTheStreamAnswers() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			WEBFLUX.forEach(app::jar);
			writeDemo(app);
			app.source("com.example.reload.ExchangeController", """
					package com.example.reload;

					import org.springframework.web.bind.annotation.GetMapping;
					import org.springframework.web.bind.annotation.RestController;
					import org.springframework.web.server.ServerWebExchange;

					@RestController
					class ExchangeController {

						@GetMapping("/stack")
						String stack(ServerWebExchange exchange) {
							return "reactive";
						}

					}
					""");
			app.resource("static/page.html", page("static v1"));
			start(app, "--spring.main.web-application-type=reactive", "--reloader.child.standby=false");
			app.awaitWatching(1);
			HttpResponse<byte[]> json = app.exchange("/api");
			assertThat(json.body()).isEqualTo(json("v1").getBytes(StandardCharsets.UTF_8));
			HttpResponse<byte[]> page = app.exchange("/");
			assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo(page("v1")
				.replace("</body>", SCRIPT_ELEMENT + "</body>"));
			assertThat(page.headers().firstValue("Content-Length")).hasValue(Integer.toString(page.body().length));
			assertThat(new String(app.exchange("/fragment").body(), StandardCharsets.UTF_8))
				.isEqualTo("<p>fragment</p>");
			assertThat(app.exchange("/.reloader/refresh.js").statusCode()).isEqualTo(200);
			assertStreamOpens(app, "/.reloader/events");
			assertThat(app.countInOutput(START_LINE)).isEqualTo(1);
			assertThat(app.get("/stack")).isEqualTo("reactive");
			assertThat(app.get("/page.html")).isEqualTo(page("static v1").replace("</body>", SCRIPT_ELEMENT + "</body>"));

			HttpResponse<InputStream> stream = app.open("/.reloader/events");
			try (InputStream events = stream.body()) {
				CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> firstEvent(events));
				app.changeResource("static/page.html", page("static v2"));
				await().until(event::isDone);
				assertThat(event.get()).isEqualTo("data: reload");
			}
			assertThat(app.countInOutput("Reloading")).isZero();

			// A restart ends the open stream
			stream = app.open("/.reloader/events");
			try (InputStream events = stream.body()) {
				CompletableFuture<String> end = CompletableFuture.supplyAsync(() -> firstEvent(events));
				app.source(CONTROLLER, controller("v2")).compile();
				await().until(end::isDone);
				assertThat(end.get()).isNull();
			}
			await().until(() -> app.get("/api"), json("v2")::equals);
			assertThat(app.output()).doesNotContain("Graceful shutdown aborted");
		}
	}

	/**
	 * Write the sources of the demo application: its main class and its page controller.
	 * @param app the application
	 */
	private static void writeDemo(TestApplication app) throws IOException {
		app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
		app.source(CONTROLLER, controller("v1"));
	}

	/**
	 * Compile the application, launch it, and wait for its first answer.
	 * @param app the application
	 * @param arguments its program arguments
	 */
	private static void start(TestApplication app, String... arguments) throws IOException {
		app.compile();
		app.start(List.of(), APP, arguments);
		await().until(() -> app.get("/api"), (body) -> body != null);
	}

	private static void assertStreamOpens(TestApplication app, String path) throws IOException {
		HttpResponse<InputStream> stream = app.open(path);
		assertThat(stream).isNotNull();
		try (InputStream body = stream.body()) {
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
		}
	}

	/**
	 * Read an event stream up to its first event.
	 * @param events the stream
	 * @return the first line of the first event, or {@code null} when the stream ends first
	 */
	private static String firstEvent(InputStream events) {
		try {
			BufferedReader reader = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isEmpty() && !line.startsWith(":")) {
					return line;
				}
			}
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
	}

	static String page(String greeting) {
		return "<!DOCTYPE html><html><head><title>Demo</title></head><body><p id=\"greeting\">" + greeting
				+ "</p></body></html>";
	}

	static String json(String greeting) {
		return "{\"greeting\":\"" + greeting + "\",\"html\":\"<html><body></body></html>\"}";
	}

	static String template(String greeting) {
		return "<!DOCTYPE html>\n<html xmlns:th=\"http://www.thymeleaf.org\"><head><title>Demo</title></head>"
				+ "<body><p id=\"greeting\" th:text=\"'" + greeting + "'\">placeholder</p></body></html>\n";
	}

	static String controller(String greeting) {
		return """
				package com.example.reload;

				import org.springframework.http.ResponseEntity;
				import org.springframework.stereotype.Controller;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.ResponseBody;

				@Controller
				class PageController {

					@GetMapping(path = "/", produces = "text/html")
					@ResponseBody
					String page() {
						return "%1$s";
					}

					@GetMapping(path = "/csp", produces = "text/html")
					@ResponseBody
					ResponseEntity<String> csp() {
						return ResponseEntity.ok()
							.header("Content-Security-Policy", "default-src 'self'; script-src 'nonce-r4nd0m'")
							.body("%1$s");
					}

					@GetMapping(path = "/fragment", produces = "text/html")
					@ResponseBody
					String fragment() {
						return "<p>fragment</p>";
					}

					@GetMapping(path = "/api", produces = "application/json")
					@ResponseBody
					String api() {
						return "%2$s";
					}

					@GetMapping("/template")
					String template() {
						return "greeting";
					}

				}
				""".formatted(page(greeting).replace("\"", "\\\""), json(greeting).replace("\"", "\\\""));
	}

}
