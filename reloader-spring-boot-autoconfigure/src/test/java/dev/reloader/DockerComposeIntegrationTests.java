package dev.reloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of an application with spring-boot-docker-compose, run by the reloader
 * against a stand-in {@code docker} executable placed first on the {@code PATH}: it records
 * its arguments and answers what Spring Boot's Docker Compose support asks, as a Docker
 * Engine with Compose v2 would for one running service. No container runs.
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class DockerComposeIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	@TempDir
	Path directory;

	@Test
	void servicesStayUpWhileTheApplicationRestartsAndStopWhenTheReloaderEnds() throws Exception {
		Path composeFile = composeFile();
		try (TestApplication app = application()) {
			Process supervisor = app.start(List.of(), APP, "--spring.docker.compose.file=" + composeFile);
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			assertThat(calls(" up ")).hasSize(1);

			app.source(CONTROLLER, controller("v2")).compile();
			await().until(() -> app.get("/"), "v2"::equals);
			app.awaitWatching(2);
			app.source(CONTROLLER, controller("v3")).compile();
			await().until(() -> app.get("/"), "v3"::equals);
			app.awaitWatching(3);
			assertThat(calls(" up ")).as("services started once").hasSize(1);
			assertThat(calls(" stop ")).as("services not stopped by a restart").isEmpty();

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			assertThat(calls(" stop ")).containsExactly(
					"compose --file " + composeFile + " --ansi never stop --timeout 10");
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
			assertThat(calls(" up ")).as("the first child stopped them, so the next started them").hasSize(2);
			assertThat(calls(" stop ")).hasSize(1);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			assertThat(calls(" stop ")).as("stopped by the last child only").hasSize(2);
		}
	}

	private TestApplication application() throws IOException {
		Path bin = Files.createDirectories(this.directory.resolve("bin"));
		Path docker = bin.resolve("docker");
		Files.writeString(docker, dockerStandIn());
		Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
		TestApplication app = new TestApplication(this.directory.resolve("app"));
		app.jar("spring-boot-docker-compose");
		app.environment("PATH", bin + ":" + System.getenv("PATH"));
		app.source(APP, ReloadingApplicationIntegrationTests
			.application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
		app.source(CONTROLLER, controller("v1"));
		app.compile();
		return app;
	}

	private Path composeFile() throws IOException {
		return Files.writeString(this.directory.resolve("compose.yaml"), """
				services:
				  cache:
				    image: example/cache:1
				""");
	}

	private List<String> calls(String command) throws IOException {
		Path log = this.directory.resolve("docker-calls.log");
		return Files.exists(log) ? Files.readAllLines(log).stream().filter((line) -> line.contains(command)).toList()
				: List.of();
	}

	private String dockerStandIn() {
		return """
				#!/bin/sh
				# Records its arguments; answers as Docker with Compose v2 and one service
				home=$(dirname "$0")/..
				echo "$*" >> "$home/docker-calls.log"
				case "$*" in
				"version --format {{.Client.Version}}") echo "27.5.1" ;;
				"compose version --format json") echo '{"version":"2.32.4"}' ;;
				"context ls --format={{ json . }}")
					echo '{"Name":"default","Current":true,"DockerEndpoint":"unix:///var/run/docker.sock"}' ;;
				"inspect --format={{ json . }} "*)
					echo '{"Id":"c0ffee","Config":{"Image":"example/cache:1","Labels":{},"ExposedPorts":{},"Env":[]},'\\
				'"NetworkSettings":{"Ports":{}},"HostConfig":{"NetworkMode":"bridge"}}' ;;
				compose*" config --format=json")
					echo '{"name":"demo","services":{"cache":{"image":"example/cache:1"}}}' ;;
				compose*" ps --orphans=false --format=json")
					if [ -f "$home/running" ]; then
						echo '{"ID":"c0ffee","Name":"demo-cache-1","Image":"example/cache:1","State":"running"}'
					fi ;;
				compose*" up "*) touch "$home/running" ;;
				compose*" stop "*|compose*" down "*) rm -f "$home/running" ;;
				*) echo "unexpected: $*" >&2; exit 1 ;;
				esac
				""";
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

}
