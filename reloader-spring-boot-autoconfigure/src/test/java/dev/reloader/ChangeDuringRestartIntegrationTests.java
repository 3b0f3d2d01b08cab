package dev.reloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.reloader.watch.watchman.WatchmanServer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.reloader.HeldStart.holdNextChild;
import static dev.reloader.HeldStart.release;
import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of changes made while a new child starts: the child is held on a
 * named pipe after it has read its classes (its web server already answers) and before
 * its reloader watches; the test changes a class, releases the child, and expects the
 * new version to be served. With each reloader, with and without a standby, and after a
 * crash.
 *
 * @author Reloader contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ChangeDuringRestartIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	@TempDir
	Path directory;

	@ParameterizedTest(name = "reloader.type={0}, standby {1}")
	@CsvSource({ "stat, false, StatReloader", "stat, true, StatReloader", "native, false, NativeReloader",
			"native, true, NativeReloader", "watchman, false, WatchmanReloader",
			"watchman, true, WatchmanReloader" })
	void classChangedWhileTheNextChildStartsIsServed(String type, boolean standby, String reloaderName)
			throws Exception {
		Path hold = this.directory.resolve("hold");
		try (WatchmanServer watchman = "watchman".equals(type) ? startWatchman() : null;
				TestApplication app = new TestApplication(Files.createDirectories(this.directory.resolve("app")))) {
			if (watchman != null) {
				app.environment("WATCHMAN_SOCK", watchman.getSocket().toString());
			}
			writeApplication(app, "v1");
			app.start(List.of(), APP, arguments(type, standby, hold));
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			assertThat(app.output()).contains("Watching for file changes with " + reloaderName);
			if (standby) {
				await().until(() -> app.countInOutput("Started standby") >= 1);
			}

			changeWhileTheNextChildIsHeld(app, hold);
			assertThat(app.output()).contains("Changed after the previous application last looked");
			if (standby) {
				assertThat(app.output()).contains("Restarting from the standby");
			}
		}
	}

	@Test
	void classChangedWhileTheFirstChildStartsIsServed() throws Exception {
		Path hold = this.directory.resolve("hold");
		try (TestApplication app = new TestApplication(this.directory)) {
			writeApplication(app, "v1");
			holdNextChild(hold);
			app.start(List.of(), APP, arguments("native", true, hold));
			await().until(() -> app.get("/"), "v1"::equals);
			app.source(CONTROLLER, controller("v2")).compile();
			release(hold);

			await().until(() -> app.get("/"), "v2"::equals);
			assertThat(app.output()).contains("Changed after the previous application last looked");
		}
	}

	@Test
	void classChangedWhileAChildStartsAfterACrashIsServed() throws Exception {
		Path hold = this.directory.resolve("hold");
		try (TestApplication app = new TestApplication(this.directory)) {
			writeApplication(app, "v1");
			app.start(List.of(), APP, arguments("native", false, hold));
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);

			app.source(CONTROLLER, failingController()).compile();
			await().until(() -> app.output().contains("waiting for file changes before restarting"));

			changeWhileTheNextChildIsHeld(app, hold);
		}
	}

	@Test
	void sourceChangedWhileTheApplicationWasNotRunningIsBuiltBeforeItStarts() throws Exception {
		Path project = Files.createDirectories(this.directory.resolve("project"));
		try (TestApplication app = new TestApplication(this.directory)) {
			Path built = Files.createDirectories(this.directory.resolve("built/com/example/reload"));
			writeApplication(app, "v2");
			Path controllerClass = app.classes().resolve("com/example/reload/GreetingController.class");
			Files.copy(controllerClass, built.resolve("GreetingController.class"));
			app.source(CONTROLLER, controller("v1")).compile();
			Path source = project.resolve("src/main/java/com/example/reload/GreetingController.java");
			Files.createDirectories(source.getParent());
			Files.writeString(source, controller("v2"));
			Files.setLastModifiedTime(source,
					FileTime.fromMillis(Files.getLastModifiedTime(controllerClass).toMillis() + 10_000));
			app.workingDirectory(project);
			app.start(List.of(), APP, "--reloader.build.command=cp " + built.resolve("GreetingController.class")
					+ " " + controllerClass, "--hold-file=" + this.directory.resolve("no-hold"));
			await().until(() -> app.get("/") != null);
			assertThat(app.get("/")).isEqualTo("v2");
			assertThat(app.output()).contains("1 source is newer than the classes built from them "
					+ "(src/main/java/com/example/reload/GreetingController.java): building before the application "
					+ "starts");
		}
	}

	@Test
	void sourceChangedWhileTheApplicationWasNotRunningIsNamedWithoutABuildCommand() throws Exception {
		Path project = Files.createDirectories(this.directory.resolve("project"));
		try (TestApplication app = new TestApplication(this.directory)) {
			writeApplication(app, "v1");
			Path source = project.resolve("src/main/java/com/example/reload/Missing.java");
			Files.createDirectories(source.getParent());
			Files.writeString(source, "package com.example.reload; class Missing {}");
			app.workingDirectory(project);
			app.start(List.of(), APP, "--hold-file=" + this.directory.resolve("no-hold"));
			await().until(() -> app.get("/"), "v1"::equals);
			assertThat(app.output()).contains("1 source is newer than the classes built from them "
					+ "(src/main/java/com/example/reload/Missing.java): the application starts with the classes it "
					+ "has. Build them, or set reloader.build.command to build them before the application starts");
		}
	}

	/**
	 * Change the controller to v2, hold the child that serves it before it watches, change
	 * the controller to v3, release the child, and wait for v3 to be served.
	 */
	private static void changeWhileTheNextChildIsHeld(TestApplication app, Path hold) throws Exception {
		holdNextChild(hold);
		app.source(CONTROLLER, controller("v2")).compile();
		await().until(() -> app.get("/"), "v2"::equals);
		assertThat(app.countInOutput("Watching for file changes with ")).as("the new child is held").isOne();
		app.source(CONTROLLER, controller("v3")).compile();
		release(hold);
		await().until(() -> app.get("/"), "v3"::equals);
	}

	private WatchmanServer startWatchman() throws IOException {
		return WatchmanServer.start(Files.createDirectories(this.directory.resolve("watchman")));
	}

	private static String[] arguments(String type, boolean standby, Path hold) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--reloader.type=" + type);
		arguments.add("--reloader.child.standby=" + standby);
		// Without an archive to wait for, the first standby is the one that serves
		arguments.add("--reloader.child.class-data-sharing=false");
		arguments.add("--reloader.on-crash=wait");
		arguments.add("--logging.level.dev.reloader=DEBUG");
		arguments.add("--hold-file=" + hold);
		// The tests talk to a held child, whose web server answers before it is ready: the
		// front door would hold their requests until it is
		arguments.add("--reloader.front-door.enabled=false");
		return arguments.toArray(String[]::new);
	}

	private static void writeApplication(TestApplication app, String greeting) throws IOException {
		app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
		app.source(CONTROLLER, controller(greeting));
		app.source(HeldStart.RUNNER, HeldStart.runner());
		app.compile();
	}

	private static String failingController() {
		return """
				package com.example.reload;

				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					GreetingController() {
						throw new IllegalStateException("broken on purpose");
					}

				}
				""";
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

}
