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

import static dev.reloader.HeldStart.holdNextChild;
import static dev.reloader.HeldStart.release;
import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of children that overlap behind the front door: the next child starts
 * as soon as the previous one has handed over what it saw, while the previous one still
 * closes. The previous child's close is held on a named pipe.
 *
 * @author Reloader contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class OverlapIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	@TempDir
	Path directory;

	@Test
	void nextChildAnswersWhileThePreviousOneStillCloses() throws Exception {
		Path hold = this.directory.resolve("hold-close");
		try (TestApplication app = new TestApplication(Files.createDirectories(this.directory.resolve("app")))) {
			writeApplication(app);
			app.start(List.of(), APP, "--hold-close-file=" + hold, "--reloader.child.standby=false");
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			long first = onlyChild(app);
			holdNextChild(hold);
			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2"::equals);
			// The first child still closes: its @PreDestroy waits on the pipe
			assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).contains(true);
			assertThat(app.output()).doesNotContain("closed after the hold");
			release(hold);
			await().until(() -> ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false), (alive) -> !alive);
			assertThat(app.output()).contains("closed after the hold");
			// Later reloads go on as usual
			app.awaitWatching(2);
			app.source(CONTROLLER, controller("v3")).compile();
			await().until(() -> app.get("/"), "v3"::equals);
			assertThat(app.countInOutput("Reloading")).isEqualTo(2);
		}
	}

	@Test
	void turnedOffTheNextChildWaitsForThePreviousOneToExit() throws Exception {
		Path hold = this.directory.resolve("hold-close");
		try (TestApplication app = new TestApplication(Files.createDirectories(this.directory.resolve("app")))) {
			writeApplication(app);
			app.start(List.of(), APP, "--hold-close-file=" + hold, "--reloader.child.standby=false",
					"--reloader.child.overlap=false");
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			long first = onlyChild(app);
			holdNextChild(hold);
			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.countInOutput("Reloading") == 1);
			// Held in its close, the first child keeps the next one from starting
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> app.countInOutput("Started DemoApplication") == 1);
			assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).contains(true);
			release(hold);
			await().until(() -> app.get("/"), "v2"::equals);
		}
	}

	@Test
	void childThatFailedWhileThePreviousOneClosedIsStartedAgainOnceItHasExited() throws Exception {
		Path hold = this.directory.resolve("hold-close");
		Path lock = this.directory.resolve("app.lock");
		try (TestApplication app = new TestApplication(Files.createDirectories(this.directory.resolve("app")))) {
			writeApplication(app);
			app.source("com.example.reload.ExclusiveFile", exclusiveFile()).compile();
			app.start(List.of(), APP, "--hold-close-file=" + hold, "--lock-file=" + lock,
					"--reloader.child.standby=false");
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			holdNextChild(hold);
			app.source(CONTROLLER, controller("v2")).compile();
			// The next child finds the file locked by the one that still closes, and fails
			await().until(() -> app.output().contains("is locked by another application"));
			release(hold);
			await().until(() -> app.get("/"), "v2"::equals);
			assertThat(app.output()).contains("starting it again now that the previous one has exited");
			assertThat(app.output()).doesNotContain("waiting for file changes before restarting");
		}
	}

	private static long onlyChild(TestApplication app) {
		List<ProcessHandle> children = app.reloaderChildren();
		assertThat(children).hasSize(1);
		return children.get(0).pid();
	}

	private static void writeApplication(TestApplication app) throws Exception {
		app.source(APP, application());
		app.source(CONTROLLER, controller("v1"));
		app.compile();
	}

	/**
	 * An application whose context's close, once it has been ready, waits while the pipe
	 * named by {@code hold-close-file} exists.
	 */
	private static String application() {
		return """
				package com.example.reload;

				import java.io.IOException;
				import java.nio.file.Files;
				import java.nio.file.Path;

				import jakarta.annotation.PreDestroy;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;
				import org.springframework.boot.context.event.ApplicationReadyEvent;
				import org.springframework.context.ApplicationListener;
				import org.springframework.stereotype.Component;

				@SpringBootApplication
				public class DemoApplication {

					public static void main(String[] args) {
						SpringApplication.run(DemoApplication.class, args);
					}

					@Component
					static class HeldClose implements ApplicationListener<ApplicationReadyEvent> {

						private final Path hold;

						private volatile boolean ready;

						HeldClose(@Value("${hold-close-file}") String hold) {
							this.hold = Path.of(hold);
						}

						@Override
						public void onApplicationEvent(ApplicationReadyEvent event) {
							this.ready = true;
						}

						@PreDestroy
						void close() throws IOException {
							if (this.ready && Files.exists(this.hold)) {
								// A named pipe: reading it waits for the test to write
								Files.readAllBytes(this.hold);
								System.out.println("closed after the hold");
							}
						}

					}

				}
				""";
	}

	/**
	 * A bean that holds a lock on the file named by {@code lock-file} for the life of its
	 * JVM, as an embedded database holds its file, and fails when another JVM holds it.
	 */
	private static String exclusiveFile() {
		return """
				package com.example.reload;

				import java.io.IOException;
				import java.nio.channels.FileChannel;
				import java.nio.file.Path;
				import java.nio.file.StandardOpenOption;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.stereotype.Component;

				@Component
				class ExclusiveFile {

					private final FileChannel channel;

					ExclusiveFile(@Value("${lock-file}") String file) throws IOException {
						this.channel = FileChannel.open(Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
						if (this.channel.tryLock() == null) {
							throw new IllegalStateException(file + " is locked by another application");
						}
					}

				}
				""";
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100));
	}

}
