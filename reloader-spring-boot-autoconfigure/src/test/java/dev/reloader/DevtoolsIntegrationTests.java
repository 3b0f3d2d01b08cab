package dev.reloader;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of an application with spring-boot-devtools and the starter on its
 * class path: the reloader restarts it, devtools does not, and LiveReload still runs.
 *
 * @author Reloader contributors
 */
class DevtoolsIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	@TempDir
	Path directory;

	@Test
	void applicationWithDevtoolsRestartsExactlyOncePerChange() throws Exception {
		int liveReloadPort = freePort();
		try (TestApplication app = new TestApplication(this.directory)) {
			app.jar("spring-boot-devtools");
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("v1"));
			app.compile();
			// A quiet period longer than devtools' poll interval and quiet period (1s and
			// 400ms): if devtools still watched, it would restart first, inside the JVM
			app.start(List.of(), APP, "--spring.devtools.livereload.enabled=true",
					"--spring.devtools.livereload.port=" + liveReloadPort,
					"--reloader.quiet-period=2500ms");
			await().until(() -> app.get("/"), "v1"::equals);
			assertThat(app.countInOutput("spring-boot-devtools is on the class path; its restart is turned off in "
					+ "favour of the reloader (LiveReload and other devtools features keep working)")).isOne();
			app.awaitWatching(1);
			assertThat(app.output()).as("devtools' property defaults apply, and the reloader's are not added again")
				.contains("Devtools property defaults active")
				.doesNotContain("Development defaults applied");

			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2"::equals);
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> app.countInOutput("Started DemoApplication") == 2);
			assertThat(app.countInOutput("Reloading")).isOne();
			assertThat(app.output()).doesNotContain("Restarting due to");
			assertThat(app.countInOutput("LiveReload server is running on port " + liveReloadPort)).isEqualTo(2);
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
