package dev.reloader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the {@code reloader} Actuator endpoint over HTTP, in an application
 * launched with {@code java -cp} that restarts through it and through a recompiled class.
 *
 * @author Reloader contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ReloaderEndpointIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void endpointDescribesTheReloaderAndItsWriteOperationRestartsLikeAChangedFile() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("v1"));
			app.compile();
			app.start(List.of(), APP, "--management.endpoints.web.exposure.include=reloader", "--reloader.type=native");
			await().until(() -> app.get("/"), "v1"::equals);
			JsonNode first = awaitWatching(app, 0);
			assertThat(first.path("reloader").asString()).isEqualTo("NativeReloader");
			assertThat(first.path("reason").asString()).isEqualTo("reloader.type=native");
			assertThat(first.path("restarts").asInt()).isZero();
			assertThat(first.path("lastRestart").isNull()).isTrue();
			assertThat(first.path("lastBatch").isNull()).isTrue();
			assertThat(first.path("watching").path("roots").values()).map(JsonNode::asString)
				.contains(app.classes().toString());
			assertThat(first.path("watching").path("fileCount").asLong()).isGreaterThanOrEqualTo(3);
			assertThat(first.path("watching").path("summary").asString()).endsWith("directories");

			Files.createDirectories(app.classes().resolve("static"));
			Files.writeString(app.classes().resolve("static/app.css"), "body {}");
			await().until(() -> status(app).path("lastBatch").path("summary").asString(),
					"1 change (1 added): static/app.css"::equals);

			await().untilAsserted(() -> assertThat(app.coldChildren()).hasSize(1));
			ProcessHandle firstChild = app.coldChildren().get(0);
			JsonNode answer = json.readTree(app.post("/actuator/reloader"));
			assertThat(answer.path("restarting").asBoolean()).isTrue();
			JsonNode second = awaitWatching(app, 1);
			await().until(() -> !firstChild.isAlive());
			// A standby replaced once the class-data sharing archive is ready is briefly a third
			await().untilAsserted(() -> assertThat(app.reloaderChildren()).as("the new child and at most one standby")
				.hasSizeBetween(1, 2));
			assertThat(second.path("lastRestart").path("cause").asString())
				.isEqualTo("restart requested through the reloader endpoint");
			assertThat(second.path("lastRestart").path("durationMillis").asLong()).isPositive();
			assertThat(second.path("lastBatch").isNull()).isTrue();
			assertThat(app.countInOutput("Reloading")).isOne();
			assertThat(app.output()).contains("Reloading: restart requested through the reloader endpoint");

			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2"::equals);
			JsonNode third = awaitWatching(app, 2);
			assertThat(third.path("lastRestart").path("cause").asString())
				.isEqualTo("1 change (1 modified): com/example/reload/GreetingController.class");
			assertThat(app.countInOutput("Reloading")).isEqualTo(2);
		}
	}

	@Test
	void endpointTellsWhatCausedTheRestartBeforeTheReloaderHasStarted() throws Exception {
		Path hold = this.directory.resolve("hold");
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("v1"));
			app.source(HeldStart.RUNNER, HeldStart.runner());
			app.compile();
			// The test talks to the held child, whose web server answers before it is ready:
			// the front door would hold its requests until it is
			app.start(List.of(), APP, "--management.endpoints.web.exposure.include=reloader", "--hold-file=" + hold,
					"--reloader.front-door.enabled=false");
			await().until(() -> app.get("/"), "v1"::equals);
			awaitWatching(app, 0);

			// The next child's web server answers, and a runner ahead of the reloader's holds
			HeldStart.holdNextChild(hold);
			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2"::equals);
			JsonNode starting = status(app);
			assertThat(starting.path("reason").asString()).isEqualTo("not started yet");
			assertThat(starting.path("reloader").isNull()).isTrue();
			assertThat(starting.path("restarts").asInt()).isOne();
			assertThat(starting.path("lastRestart").path("cause").asString())
				.isEqualTo("1 change (1 modified): com/example/reload/GreetingController.class");
			assertThat(starting.path("lastRestart").path("began").isString()).isTrue();
			assertThat(starting.path("lastRestart").path("ready").isNull()).isTrue();

			HeldStart.release(hold);
			JsonNode watching = awaitWatching(app, 1);
			assertThat(watching.path("lastRestart").path("durationMillis").asLong()).isPositive();
		}
	}

	/**
	 * Wait for the child after the given number of restarts to watch: its web server
	 * answers before the reloader has started, and only then is its start complete.
	 */
	private static JsonNode awaitWatching(TestApplication app, int restarts) {
		return await().until(() -> status(app),
				(status) -> status.path("restarts").asInt(-1) == restarts && status.path("reloader").isString());
	}

	private static JsonNode status(TestApplication app) {
		String body = app.get("/actuator/reloader");
		return (body != null) ? json.readTree(body) : json.missingNode();
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

}
