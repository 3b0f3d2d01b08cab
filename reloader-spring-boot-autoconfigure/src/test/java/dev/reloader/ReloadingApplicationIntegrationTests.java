package dev.reloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the reload loop: a real application compiled into a class
 * directory, launched with {@code java -cp}, served over real HTTP, recompiled while it
 * runs, and stopped with SIGTERM.
 *
 * @author Reloader contributors
 */
class ReloadingApplicationIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	@TempDir
	Path directory;

	@Test
	void reloadingSpringApplicationServesNewCodeAfterEachRecompileAndStopsCleanly() throws Exception {
		Path marker = this.directory.resolve("closed.txt");
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application("dev.reloader.ReloadingSpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("v1"));
			app.compile();
			Process supervisor = app.start(List.of("-Dmarker.file=" + marker), APP, "--greeting.suffix= with spaces");
			await().until(() -> app.get("/"), "v1 with spaces"::equals);
			await().untilAsserted(() -> assertThat(app.coldChildren()).hasSize(1));
			List<ProcessHandle> children = app.coldChildren();
			// A standby replaced once the class-data sharing archive is ready is briefly a third
			await().untilAsserted(() -> assertThat(app.reloaderChildren()).hasSizeLessThanOrEqualTo(2));
			assertThat(TestApplication.isReloaderChild(supervisor.pid())).isFalse();
			app.awaitWatching(1);

			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2 with spaces"::equals);
			assertThat(app.countInOutput("Reloading")).isEqualTo(1);
			assertThat(app.output()).contains("Reloading: 1 change (1 modified): com/example/reload/GreetingController.class");
			assertThat(children.get(0).isAlive()).isFalse();
			app.awaitWatching(2);

			app.source(CONTROLLER, controller("v3")).compile();
			await().until(() -> app.get("/"), "v3 with spaces"::equals);
			app.awaitWatching(3);
			assertThat(app.countInOutput("Reloading")).isEqualTo(2);
			assertThat(app.countInOutput("Watching for file changes with ")).isEqualTo(3);
			assertThat(Files.readAllLines(marker)).containsExactly("closed", "closed");
			assertThat(supervisor.isAlive()).isTrue();

			List<ProcessHandle> tree = supervisor.descendants().toList();
			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			assertThat(supervisor.exitValue()).isEqualTo(143);
			await().until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
			assertThat(Files.readAllLines(marker)).containsExactly("closed", "closed", "closed");
		}
	}

	@Test
	void plainSpringApplicationReloadsWithOnlyTheStarterOnTheClassPath() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("plain v1"));
			app.compile();
			Process supervisor = app.start(List.of(), APP);
			await().until(() -> app.get("/"), "plain v1"::equals);
			await().untilAsserted(() -> assertThat(app.coldChildren()).hasSize(1));
			assertThat(app.countInOutput("Started DemoApplication")).isEqualTo(1);
			app.awaitWatching(1);

			app.source(CONTROLLER, controller("plain v2")).compile();
			await().until(() -> app.get("/"), "plain v2"::equals);
			assertThat(app.countInOutput("Reloading")).isEqualTo(1);
			assertThat(app.countInOutput("Started DemoApplication")).isEqualTo(2);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			await().until(() -> supervisor.descendants().noneMatch(ProcessHandle::isAlive));
		}
	}

	@Test
	void disabledReloaderRunsTheApplicationInTheLaunchedJvm() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application("dev.reloader.ReloadingSpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("in place"));
			app.compile();
			Process launched = app.start(List.of(), APP, "--reloader.enabled=false");
			await().until(() -> app.get("/"), "in place"::equals);
			assertThat(launched.descendants().toList()).isEmpty();
			assertThat(app.output()).contains("Reloader is off: reloader.enabled is false");
		}
	}

	@Test
	void invalidPropertyStopsTheLaunchWithAMessageNamingIt() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("never"));
			app.compile();
			Process launched = app.start(List.of(), APP, "--reloader.poll-interval=-5s");
			await().until(() -> !launched.isAlive());
			assertThat(launched.exitValue()).isNotZero();
			assertThat(app.output()).contains("reloader.poll-interval")
				.contains("-5s")
				.contains("must be positive")
				.doesNotContain("Running the application in a child JVM");
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

	static String application(String runStatement) {
		return """
				package com.example.reload;

				import java.io.IOException;
				import java.nio.file.Files;
				import java.nio.file.Path;
				import java.nio.file.StandardOpenOption;

				import jakarta.annotation.PreDestroy;

				import org.springframework.boot.autoconfigure.SpringBootApplication;
				import org.springframework.stereotype.Component;

				@SpringBootApplication
				public class DemoApplication {

					public static void main(String[] args) {
						%s
					}

					@Component
					static class CloseMarker {

						@PreDestroy
						void closed() throws IOException {
							String file = System.getProperty("marker.file");
							if (file != null) {
								Files.writeString(Path.of(file), "closed\\n", StandardOpenOption.CREATE,
										StandardOpenOption.APPEND);
							}
						}

					}

				}
				""".formatted(runStatement);
	}

	static String controller(String greeting) {
		return """
				package com.example.reload;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					@Value("${greeting.suffix:}")
					String suffix;

					@GetMapping("/")
					String greeting() {
						return "%s" + this.suffix;
					}

				}
				""".formatted(greeting);
	}


}
