package dev.reloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of an application with spring-boot-docker-compose, run by the reloader
 * against the real Docker Engine and Docker Compose v2, with a service of the image that
 * {@code .ci/install-docker.sh} builds. The engine's events show what happened to the
 * service's container.
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class DockerComposeIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	@TempDir
	Path directory;

	private final String project = "reloader-compose-test-" + UUID.randomUUID().toString().substring(0, 8);

	private final Instant testStart = Instant.now();

	@BeforeEach
	void engine() {
		DockerEngine.assumeAvailable();
	}

	@AfterEach
	void removeContainers() {
		DockerEngine.removeAll(projectLabel());
	}

	@Test
	void servicesStayUpWhileTheApplicationRestartsAndStopWhenTheReloaderEnds() throws Exception {
		Path composeFile = composeFile();
		try (TestApplication app = application()) {
			Process supervisor = app.start(List.of(), APP, "--spring.docker.compose.file=" + composeFile);
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			List<String> running = DockerEngine.running(projectLabel());
			assertThat(running).as("the service's container").hasSize(1);

			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2"::equals);
			app.awaitWatching(2);
			app.source(CONTROLLER, controller("v3")).compile();
			await().until(() -> app.get("/"), "v3"::equals);
			app.awaitWatching(3);
			List<String> events = events();
			assertThat(DockerEngine.count(events, "create")).as("created once: %s", events).isEqualTo(1);
			assertThat(DockerEngine.count(events, "start")).as("started once: %s", events).isEqualTo(1);
			assertThat(DockerEngine.count(events, "stop")).as("not stopped by a restart: %s", events).isZero();
			assertThat(DockerEngine.running(projectLabel())).as("the same container throughout").isEqualTo(running);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			assertThat(DockerEngine.running(projectLabel())).as("stopped when the reloader ends").isEmpty();
			assertThat(DockerEngine.count(events(), "stop")).isEqualTo(1);
			assertThat(app.output()).contains("Stopping Docker Compose services (docker compose stop)");
		}
	}

	@Test
	void explicitLifecycleManagementOfTheApplicationApplies() throws Exception {
		Path composeFile = composeFile();
		try (TestApplication app = application()) {
			Process supervisor = app.start(List.of(), APP, "--spring.docker.compose.file=" + composeFile,
					"--spring.docker.compose.lifecycle-management=start-and-stop");
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);

			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2"::equals);
			app.awaitWatching(2);
			List<String> events = events();
			assertThat(DockerEngine.count(events, "start")).as("the first child stopped the service, so the next "
					+ "started it: %s", events).isEqualTo(2);
			assertThat(DockerEngine.count(events, "stop")).as("stopped by the first child: %s", events).isEqualTo(1);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			await().until(() -> DockerEngine.running(projectLabel()).isEmpty());
			assertThat(DockerEngine.count(events(), "stop")).as("stopped by the last child only").isEqualTo(2);
		}
	}

	private TestApplication application() throws IOException {
		TestApplication app = new TestApplication(this.directory.resolve("app"));
		app.jar("spring-boot-docker-compose");
		app.source(APP, ReloadingApplicationIntegrationTests
			.application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
		app.source(CONTROLLER, controller("v1"));
		app.compile();
		return app;
	}

	private Path composeFile() throws IOException {
		return Files.writeString(this.directory.resolve("compose.yaml"), """
				name: %s
				services:
				  web:
				    image: %s
				""".formatted(this.project, DockerEngine.IMAGE));
	}

	private String projectLabel() {
		return "com.docker.compose.project=" + this.project;
	}

	private List<String> events() {
		return DockerEngine.events(this.testStart, Instant.now(), projectLabel());
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

}
