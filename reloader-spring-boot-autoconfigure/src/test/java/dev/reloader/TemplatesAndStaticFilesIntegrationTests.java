package dev.reloader;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of a Thymeleaf application run by the reloader: template and static
 * file edits copied into the class directory show at the next request without a restart,
 * and the application runs with the development defaults.
 *
 * @author Reloader contributors
 */
class TemplatesAndStaticFilesIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.PageController";

	private static final String[] THYMELEAF = { "spring-boot-thymeleaf", "thymeleaf-spring6", "thymeleaf", "attoparser",
			"unbescape" };

	@TempDir
	Path directory;

	@Test
	void templateAndStaticFileEditsShowAtTheNextRequestWithoutARestart() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.jars(THYMELEAF);
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller());
			app.compile();
			app.resource("templates/page.html", template("first"));
			app.resource("static/note.txt", "static first");
			app.start(List.of(), APP);
			await().until(() -> app.get("/page"), (body) -> body != null && body.contains("<p>first World</p>"));
			app.awaitWatching(1);
			assertThat(app.countInOutput("Development defaults applied")).isOne();
			assertThat(app.output()).contains("set reloader.dev-defaults.enabled=false to turn them off");
			assertThat(app.get("/note.txt")).isEqualTo("static first");

			app.resource("templates/page.html", template("second"));
			app.resource("static/note.txt", "static second");
			await().until(() -> app.get("/page"), (body) -> body != null && body.contains("<p>second World</p>"));
			assertThat(app.get("/note.txt")).isEqualTo("static second");
			HttpResponse<String> note = app.exchangeText("/note.txt", "*/*");
			assertThat(note.headers().firstValue("Cache-Control")).as("static resources are served uncached")
				.hasValueSatisfying((value) -> assertThat(value).containsAnyOf("no-store", "max-age=0"));

			HttpResponse<String> error = app.exchangeText("/fail", "application/json");
			assertThat(error.statusCode()).isEqualTo(500);
			assertThat(error.body()).as("error responses carry details")
				.contains("\"message\":\"broken on purpose\"")
				.contains("\"trace\"");
			assertThat(app.countInOutput("Reloading")).isZero();
			assertThat(app.countInOutput("Started DemoApplication")).isOne();
		}
	}

	@Test
	void valuesOfTheApplicationWinOverTheDevelopmentDefaults() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.jars(THYMELEAF);
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller());
			app.compile();
			app.resource("templates/page.html", template("cached"));
			app.resource("application.properties", "spring.thymeleaf.cache=true\n");
			app.start(List.of(), APP, "--spring.web.error.include-message=never");
			await().until(() -> app.get("/page"), (body) -> body != null && body.contains("<p>cached World</p>"));
			app.awaitWatching(1);

			app.resource("templates/page.html", template("edited"));
			HttpResponse<String> error = app.exchangeText("/fail", "application/json");
			assertThat(error.body()).contains("\"trace\"").doesNotContain("\"message\"");
			assertThat(app.get("/page")).contains("<p>cached World</p>");
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

	private static String template(String text) {
		return """
				<!DOCTYPE html>
				<html xmlns:th="http://www.thymeleaf.org">
				<body><p th:text="'%s ' + ${name}">placeholder</p></body>
				</html>
				""".formatted(text);
	}

	private static String controller() {
		return """
				package com.example.reload;

				import org.springframework.stereotype.Controller;
				import org.springframework.ui.Model;
				import org.springframework.web.bind.annotation.GetMapping;

				@Controller
				class PageController {

					@GetMapping("/page")
					String page(Model model) {
						model.addAttribute("name", "World");
						return "page";
					}

					@GetMapping("/fail")
					String fail() {
						throw new IllegalStateException("broken on purpose");
					}

				}
				""";
	}

}
