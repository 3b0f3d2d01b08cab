package dev.reloader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of {@code rs} typed into the terminal of an application launched from
 * an interactive shell, simulated by a pseudo-terminal ({@code script} from util-linux).
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class TerminalRestartIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	private static final String INPUT_ECHO = "com.example.reload.InputEcho";

	@TempDir
	Path directory;

	@Test
	void rsTypedIntoTheTerminalRestartsAndOtherLinesReachTheApplication() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("v1"));
			app.source(INPUT_ECHO, inputEcho());
			app.compile();
			app.startInTerminal(List.of(), APP);
			await().until(() -> app.get("/"), "v1"::equals);
			assertThat(app.output()).contains("Type rs and Enter to restart the application");
			assertThat(app.output().lines().filter((line) -> line.contains("Started DemoApplication")))
				.as("coloured log lines of the application").allMatch((line) -> line.contains("\u001B["));
			await().untilAsserted(() -> assertThat(app.coldChildren()).hasSize(1));
			List<ProcessHandle> children = app.coldChildren();

			app.type("hello");
			await().until(() -> app.countInOutput("application read: hello") == 1);

			app.type("rs");
			await().until(() -> app.countInOutput("Started DemoApplication") == 2);
			await().until(() -> app.get("/"), "v1"::equals);
			assertThat(children.get(0).isAlive()).isFalse();
			// A standby replaced once the class-data sharing archive is ready is briefly a third
			await().untilAsserted(() -> assertThat(app.reloaderChildren()).as("the new child and at most one standby")
				.hasSizeBetween(1, 2));
			assertThat(app.countInOutput("Reloading")).isOne();
			assertThat(app.output()).contains("Reloading: restart requested from the terminal")
				.doesNotContain("application read: rs");

			app.type("hello again");
			await().until(() -> app.countInOutput("application read: hello again") == 1);
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

	private static String inputEcho() {
		return """
				package com.example.reload;

				import java.io.BufferedReader;
				import java.io.IOException;
				import java.io.InputStreamReader;

				import org.springframework.boot.ApplicationArguments;
				import org.springframework.boot.ApplicationRunner;
				import org.springframework.stereotype.Component;

				@Component
				class InputEcho implements ApplicationRunner {

					@Override
					public void run(ApplicationArguments args) {
						Thread thread = new Thread(() -> {
							try {
								BufferedReader reader = new BufferedReader(new InputStreamReader(System.in));
								for (String line = reader.readLine(); line != null; line = reader.readLine()) {
									System.out.println("application read: " + line);
								}
							}
							catch (IOException ex) {
								throw new IllegalStateException(ex);
							}
						});
						thread.setDaemon(true);
						thread.start();
					}

				}
				""";
	}

}
