package dev.reloader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the supervisor starts the next standby: once the first child is ready, and after
 * a restart from the standby as soon as the standby has been told to go, without waiting
 * for the new child to be ready.
 *
 * @author Reloader contributors
 */
class StandbyStartIntegrationTests {

	private static final String APP = "com.example.early.DemoApplication";

	@TempDir
	Path directory;

	@Test
	void nextStandbyStartsWhenTheStandbyGoesNotWhenTheNewChildIsReady() throws Exception {
		Path gate = this.directory.resolve("gate");
		try (TestApplication app = new TestApplication(this.directory.resolve("app"))) {
			app.source(APP, """
					package com.example.early;

					import org.springframework.boot.SpringApplication;
					import org.springframework.boot.autoconfigure.SpringBootApplication;

					@SpringBootApplication
					public class DemoApplication {

						public static void main(String[] args) {
							SpringApplication.run(DemoApplication.class, args);
						}

					}
					""");
			app.source("com.example.early.Gate", """
					package com.example.early;

					import java.nio.file.Files;
					import java.nio.file.Path;

					import org.springframework.beans.factory.annotation.Value;
					import org.springframework.stereotype.Component;

					/** Holds every child after the first one until the gate file exists. */
					@Component
					class Gate {

						Gate(@Value("${gate}") String gate) throws InterruptedException {
							if (Integer.getInteger("dev.reloader.restart-count", 0) > 0) {
								while (!Files.exists(Path.of(gate))) {
									Thread.sleep(20);
								}
							}
						}

					}
					""");
			app.source("com.example.early.GreetingController", controller("one"));
			app.resource("application.yml", "logging:\n  level:\n    dev.reloader: DEBUG\n");
			app.compile();
			// Without the archive, whose build replaces the standby once it is ready
			app.start(List.of(), APP, "--gate=" + gate, "--reloader.child.class-data-sharing=false");
			await().until(() -> app.get("/"), "one"::equals);
			await().until(() -> app.countInOutput("Started standby") == 1);
			awaitWarmedUp(app.standbyChildren().get(0));

			app.source("com.example.early.GreetingController", controller("two")).compile();
			await().until(() -> app.countInOutput("Restarting from the standby") == 1);
			// The new child waits at the gate, not ready, and the next standby runs already
			await().until(() -> app.countInOutput("Started standby") == 2);
			assertThat(app.countInOutput("Started DemoApplication")).isEqualTo(1);
			assertThat(app.standbyChildren()).isNotEmpty();

			Files.createFile(gate);
			await().until(() -> app.get("/"), "two"::equals);
			assertThat(app.countInOutput("Started standby")).isEqualTo(2);
		}
	}

	private static String controller(String text) {
		return """
				package com.example.early;

				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					@GetMapping("/")
					String greeting() {
						return "%s";
					}

				}
				""".formatted(text);
	}

	/**
	 * Wait until the standby's CPU time stops growing: it has connected and warmed up.
	 */
	private static void awaitWarmedUp(ProcessHandle standby) {
		AtomicReference<Duration> last = new AtomicReference<>(Duration.ZERO);
		await().pollInterval(Duration.ofMillis(500)).until(() -> {
			Duration cpu = standby.info().totalCpuDuration().orElse(Duration.ZERO);
			return cpu.minus(last.getAndSet(cpu)).toMillis() < 30;
		});
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
	}

}
