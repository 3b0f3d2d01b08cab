package dev.reloader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm standby warms up at a low priority and runs the application at the normal
 * one: Linux keeps a nice value per thread, read here from {@code /proc}.
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class StandbyPriorityIntegrationTests {

	private static final String APP = "com.example.nice.DemoApplication";

	@TempDir
	Path directory;

	@Test
	void warmUpRunsNicedAndTheApplicationDoesNot() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, """
					package com.example.nice;

					import org.springframework.boot.SpringApplication;
					import org.springframework.boot.autoconfigure.SpringBootApplication;

					@SpringBootApplication
					public class DemoApplication {

						public static void main(String[] args) {
							SpringApplication.run(DemoApplication.class, args);
						}

					}
					""");
			app.source("com.example.nice.GreetingController", controller("one"));
			app.compile();
			Process supervisor = app.start(List.of(), APP, "--reloader.child.standby-warmup-rounds=10",
					"--reloader.child.class-data-sharing=false", "--reloader.quiet-period=200ms");
			await().until(() -> app.get("/"), "one"::equals);
			// The warm-up thread starts at the JVM's priority and waits until it is lowered
			long standby = await().until(() -> app.standbyChildren().stream().findFirst().map(ProcessHandle::pid),
					(pid) -> pid.isPresent() && threads(pid.get()).stream()
						.anyMatch((task) -> task.isWarmup() && task.nice() == 10))
				.get();
			List<Task> warming = threads(standby);
			assertThat(warming).filteredOn(Task::isWarmup).extracting(Task::nice).containsOnly(10);
			assertThat(warming).filteredOn((task) -> task.id() == standby).extracting(Task::nice).containsExactly(0);

			app.source("com.example.nice.GreetingController", controller("two")).compile();
			await().until(() -> app.get("/"), "two"::equals);
			// The application now runs in the former standby: no child started cold is left
			await().until(() -> app.coldChildren().isEmpty());
			assertThat(app.reloaderChildren()).extracting(ProcessHandle::pid).contains(standby);
			List<Task> running = threads(standby);
			assertThat(running).filteredOn((task) -> task.id() == standby || task.name().startsWith("http-nio"))
				.isNotEmpty()
				.extracting(Task::nice)
				.containsOnly(0);
			// The warm-up was given up on go, and no thread it started outlives it
			assertThat(running).noneMatch(Task::isWarmup)
				.filteredOn((task) -> task.nice() != 0)
				.as("threads of lowered priority in the application")
				.isEmpty();
			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
		}
	}

	private static List<Task> threads(long pid) {
		List<Task> tasks = new ArrayList<>();
		try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path entry : entries.toList()) {
				try {
					String name = Files.readString(entry.resolve("comm"), StandardCharsets.UTF_8).trim();
					String stat = Files.readString(entry.resolve("stat"), StandardCharsets.UTF_8);
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					tasks.add(new Task(Long.parseLong(entry.getFileName().toString()), name,
							Integer.parseInt(fields[16])));
				}
				catch (IOException ex) {
					// The thread ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			// The process ended meanwhile
		}
		return tasks;
	}

	private static String controller(String text) {
		return """
				package com.example.nice;

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

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
	}

	record Task(long id, String name, int nice) {

		boolean isWarmup() {
			return this.name.equals("reloader-warmup");
		}

	}

}
