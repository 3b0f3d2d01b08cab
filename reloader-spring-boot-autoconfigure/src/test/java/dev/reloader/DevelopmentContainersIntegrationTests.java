package dev.reloader;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.tools.ToolProvider;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of containers declared as beans (Testcontainers at development time),
 * with real child JVMs and the real Docker Engine. The application is launched the way
 * Spring Boot recommends for development, from a main class beside it that adds the
 * container configuration: {@code SpringApplication.from(DemoApplication::main).with(...)}.
 * The engine's events show what happened to the containers. The warm standby is off, so
 * that the events show the reloads alone.
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class DevelopmentContainersIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	private static final String CONTAINERS = "com.example.dev.ContainersConfig";

	private static final String DEV_APP = "com.example.dev.TestDemoApplication";

	private static final String[] TESTCONTAINERS_JARS = { "spring-boot-testcontainers", "testcontainers",
			"docker-java-api", "docker-java-transport-zerodep", "docker-java-transport", "duct-tape",
			"commons-compress", "jna" };

	@TempDir
	Path directory;

	/**
	 * A label that the application puts on its containers, unique to the test.
	 */
	private final String run = UUID.randomUUID().toString();

	private final Instant testStart = Instant.now();

	@BeforeEach
	void engine() {
		DockerEngine.assumeAvailable();
	}

	@AfterEach
	void removeContainers() {
		DockerEngine.removeAll(runLabel());
	}

	@Test
	void containerBeanSurvivesReloadsWithWhatIsInItAndGoesWhenTheReloaderEnds() throws Exception {
		try (TestApplication app = application("@Scope(\"restart\")", "one")) {
			Process supervisor = start(app);
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			String container = app.get("/container");
			assertThat(DockerEngine.running(runLabel())).containsExactly(container);
			DockerEngine.exec(container, "sh", "-c", "echo kept > /tmp/state");
			Instant beforeReloads = Instant.now();

			for (int version = 2; version <= 4; version++) {
				app.source(CONTROLLER, controller("v" + version)).compile();
				String expected = "v" + version;
				await().until(() -> app.get("/"), expected::equals);
				app.awaitWatching(version);
				assertThat(app.get("/container")).as("the same container after reload %d", version - 1)
					.isEqualTo(container);
			}
			assertThat(DockerEngine.exec(container, "cat", "/tmp/state")).isEqualTo("kept\n");
			List<String> duringReloads = DockerEngine
				.lifecycle(DockerEngine.events(beforeReloads, Instant.now(), runLabel()));
			assertThat(duringReloads).as("no container created, started or stopped by a reload").isEmpty();
			List<String> events = events();
			assertThat(DockerEngine.count(events, "create")).as("%s", events).isEqualTo(1);
			assertThat(DockerEngine.count(events, "start")).as("%s", events).isEqualTo(1);
			assertThat(app.countInOutput("Kept container " + container.substring(0, 12) + " of bean 'web'"))
				.isEqualTo(3);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			assertThat(DockerEngine.containers(runLabel())).as("removed when the reloader ends").isEmpty();
			assertThat(app.output()).contains("Removing container " + container.substring(0, 12) + " of bean 'web'");
		}
	}

	@Test
	void changedConfigurationReplacesTheContainerWithTheSameFixedPort() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		try (TestApplication app = application("", "one")) {
			app.source(CONTAINERS, containersConfig("", "one", port)).compile();
			start(app);
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			String first = app.get("/container");
			assertThat(DockerEngine.exec(first, "sh", "-c", "echo $DEMO")).isEqualTo("one\n");

			app.source(CONTAINERS, containersConfig("", "two", port)).compile();
			app.awaitWatching(2);
			String second = app.get("/container");
			assertThat(second).isNotEqualTo(first);
			assertThat(DockerEngine.exec(second, "sh", "-c", "echo $DEMO")).isEqualTo("two\n");
			assertThat(DockerEngine.containers(runLabel())).as("the old container removed").containsExactly(second);
			assertThat(app.output()).contains("Replaced container " + first.substring(0, 12) + " of bean 'web' by "
					+ second.substring(0, 12));
		}
	}

	@Test
	void containersOfAKilledReloaderGoWhenTheApplicationNextStartsAndOthersStay() throws Exception {
		try (TestApplication app = application("", "one")) {
			Process supervisor = start(app);
			await().until(() -> app.get("/"), "v1"::equals);
			String leftover = app.get("/container");
			String application = DockerEngine
				.run("docker", "inspect", "--format", "{{index .Config.Labels \"dev.reloader.application\"}}", leftover)
				.trim();
			ProcessHandle self = ProcessHandle.current();
			String running = self.pid() + "@" + self.info().startInstant().orElseThrow().toEpochMilli();
			String ofRunningReloader = DockerEngine.startContainer("test.run=" + this.run,
					"dev.reloader.application=" + application, "dev.reloader.supervisor=" + running);
			String ofOtherApplication = DockerEngine.startContainer("test.run=" + this.run,
					"dev.reloader.application=0123456789abcdef", "dev.reloader.supervisor=1@0");
			List<ProcessHandle> children = app.reloaderChildren();

			supervisor.destroyForcibly();
			await().until(() -> !supervisor.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
			assertThat(DockerEngine.containers(runLabel())).as("left by the killed reloader").contains(leftover);

			start(app);
			await().until(() -> app.get("/"), "v1"::equals);
			String next = app.get("/container");
			assertThat(next).isNotEqualTo(leftover);
			assertThat(DockerEngine.containers(runLabel())).containsExactlyInAnyOrder(next, ofRunningReloader,
					ofOtherApplication);
			assertThat(app.output()).contains("Removing container " + leftover.substring(0, 12)
					+ " of bean 'web' left by an earlier run of the application");
		}
	}

	@Test
	void devtoolsRestartScopeKeepsTheContainerWithoutDevtoolsRestarts() throws Exception {
		try (TestApplication app = application("@org.springframework.boot.devtools.restart.RestartScope", "one",
				"spring-boot-devtools")) {
			Process supervisor = start(app);
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			String container = app.get("/container");
			for (int version = 2; version <= 3; version++) {
				app.source(CONTROLLER, controller("v" + version)).compile();
				String expected = "v" + version;
				await().until(() -> app.get("/"), expected::equals);
				app.awaitWatching(version);
				assertThat(app.get("/container")).isEqualTo(container);
			}
			assertThat(DockerEngine.count(events(), "create")).isEqualTo(1);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			assertThat(DockerEngine.containers(runLabel())).isEmpty();
		}
	}

	@Test
	void containerBeanSurvivesReloadsWithTheWarmStandby() throws Exception {
		try (TestApplication app = application("", "one")) {
			Process supervisor = app.start(List.of(), DEV_APP, "--demo.run=" + this.run);
			await().until(() -> app.get("/"), "v1"::equals);
			app.awaitWatching(1);
			String container = app.get("/container");
			for (int version = 2; version <= 3; version++) {
				await().until(() -> !app.standbyChildren().isEmpty());
				app.source(CONTROLLER, controller("v" + version)).compile();
				String expected = "v" + version;
				await().until(() -> app.get("/"), expected::equals);
				app.awaitWatching(version);
				assertThat(app.get("/container")).isEqualTo(container);
			}
			assertThat(DockerEngine.running(runLabel())).containsExactly(container);
			List<String> events = DockerEngine.lifecycle(events());
			assertThat(DockerEngine.count(events, "create")).as("%s", events).isEqualTo(1);
			assertThat(DockerEngine.count(events, "start")).as("%s", events).isEqualTo(1);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			assertThat(DockerEngine.containers(runLabel())).isEmpty();
		}
	}

	@Test
	void containerBeanOfAnApplicationLaunchedWithSpringBootTestRunSurvivesAReload() throws Exception {
		Path project = Files.createDirectories(this.directory.resolve("project"));
		Files.writeString(project.resolve("pom.xml"), testRunPom());
		write(project.resolve("src/main/java"), APP, """
				package com.example.reload;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class DemoApplication {

					public static void main(String[] args) {
						SpringApplication.run(DemoApplication.class, args);
					}

				}
				""");
		Path controller = write(project.resolve("src/main/java"), CONTROLLER,
				ReloadingApplicationIntegrationTests.controller("v1"));
		write(project.resolve("src/test/java"), CONTAINERS,
				containersConfig("", "one").replace("org.springframework.boot.test.context.TestConfiguration",
						"org.springframework.context.annotation.Configuration")
					.replace("@TestConfiguration", "@Configuration"));
		write(project.resolve("src/test/java"), DEV_APP, """
				package com.example.dev;

				import com.example.reload.DemoApplication;

				import org.springframework.boot.SpringApplication;

				public class TestDemoApplication {

					public static void main(String[] args) {
						SpringApplication.from(DemoApplication::main).with(ContainersConfig.class).run(args);
					}

				}
				""");
		Path starter = SpringBootRun.starterJar(this.directory.resolve("reloader-spring-boot-autoconfigure.jar"));
		int port = SpringBootRun.freePort();
		Path output = this.directory.resolve("output.log");
		ProcessBuilder builder = new ProcessBuilder(SpringBootRun.mvn(), "-B", "-q", "-f",
				project.resolve("pom.xml").toString(), "test-compile", "spring-boot:test-run",
				"-Dspring-boot.run.additional-classpath-elements=" + starter,
				"-Dspring-boot.run.arguments=--server.port=" + port + " --demo.run=" + this.run
						+ " --reloader.child.standby=false")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().remove("RELOADER_RUN_MAIN");
		builder.environment().remove("RELOADER_SUPERVISOR_PID");
		builder.environment().remove("MAVEN_OPTS");
		builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
		builder.environment().put("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
		Process maven = builder.start();
		try {
			await().atMost(Duration.ofMinutes(4)).until(() -> SpringBootRun.get(port), "v1"::equals);
			await().until(() -> SpringBootRun.count(output, "Watching for file changes with ") >= 1);
			String container = DockerEngine.running(runLabel()).get(0);

			Files.writeString(controller, ReloadingApplicationIntegrationTests.controller("v2"));
			Path classes = project.resolve("target/classes");
			List<String> classPath = new ArrayList<>(List.of(classes.toString(), starter.toString()));
			classPath.addAll(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
			int result = ToolProvider.getSystemJavaCompiler()
				.run(null, null, null, "-d", classes.toString(), "-proc:none", "-parameters", "-classpath",
						String.join(File.pathSeparator, classPath), controller.toString());
			assertThat(result).isZero();
			await().until(() -> SpringBootRun.get(port), "v2"::equals);
			assertThat(DockerEngine.running(runLabel())).containsExactly(container);
			assertThat(DockerEngine.count(events(), "create")).isEqualTo(1);

			List<ProcessHandle> tree = maven.descendants().toList();
			maven.destroy();
			await().until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
			assertThat(DockerEngine.containers(runLabel())).as("removed when Maven stops the application").isEmpty();
		}
		finally {
			maven.descendants().forEach(ProcessHandle::destroyForcibly);
			maven.destroyForcibly();
		}
	}

	private static Path write(Path sourceRoot, String className, String code) throws IOException {
		Path file = sourceRoot.resolve(className.replace('.', '/') + ".java");
		Files.createDirectories(file.getParent());
		return Files.writeString(file, code);
	}

	private static String testRunPom() {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0">
					<modelVersion>4.0.0</modelVersion>
					<groupId>com.example</groupId>
					<artifactId>containers-demo</artifactId>
					<version>1.0</version>
					<properties>
						<maven.compiler.release>17</maven.compiler.release>
						<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
					</properties>
					<dependencyManagement>
						<dependencies>
							<dependency>
								<groupId>org.springframework.boot</groupId>
								<artifactId>spring-boot-dependencies</artifactId>
								<version>%1$s</version>
								<type>pom</type>
								<scope>import</scope>
							</dependency>
						</dependencies>
					</dependencyManagement>
					<dependencies>
						<dependency>
							<groupId>org.springframework.boot</groupId>
							<artifactId>spring-boot-starter-webmvc</artifactId>
						</dependency>
						<dependency>
							<groupId>org.springframework.boot</groupId>
							<artifactId>spring-boot-testcontainers</artifactId>
							<scope>test</scope>
						</dependency>
					</dependencies>
					<build>
						<plugins>
							<plugin>
								<groupId>org.apache.maven.plugins</groupId>
								<artifactId>maven-resources-plugin</artifactId>
								<version>3.3.1</version>
							</plugin>
							<plugin>
								<groupId>org.apache.maven.plugins</groupId>
								<artifactId>maven-compiler-plugin</artifactId>
								<version>3.14.0</version>
							</plugin>
							<plugin>
								<groupId>org.springframework.boot</groupId>
								<artifactId>spring-boot-maven-plugin</artifactId>
								<version>%1$s</version>
							</plugin>
						</plugins>
					</build>
				</project>
				""".formatted(org.springframework.boot.SpringBootVersion.getVersion());
	}

	private Process start(TestApplication app) throws IOException {
		return app.start(List.of(), DEV_APP, "--reloader.child.standby=false", "--demo.run=" + this.run);
	}

	private TestApplication application(String scope, String value, String... jars) throws IOException {
		TestApplication app = new TestApplication(this.directory.resolve("app"));
		app.jars(TESTCONTAINERS_JARS);
		app.jars(jars);
		app.environment("TESTCONTAINERS_RYUK_DISABLED", "true");
		app.environment("TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
		app.source(APP, """
				package com.example.reload;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class DemoApplication {

					public static void main(String[] args) {
						SpringApplication.run(DemoApplication.class, args);
					}

				}
				""");
		app.source(CONTROLLER, controller("v1"));
		app.source(CONTAINERS, containersConfig(scope, value));
		app.source(DEV_APP, """
				package com.example.dev;

				import com.example.reload.DemoApplication;

				import org.springframework.boot.SpringApplication;

				public class TestDemoApplication {

					public static void main(String[] args) {
						SpringApplication.from(DemoApplication::main).with(ContainersConfig.class).run(args);
					}

				}
				""");
		app.compile();
		return app;
	}

	static String controller(String greeting) {
		return """
				package com.example.reload;

				import org.testcontainers.containers.GenericContainer;

				import org.springframework.beans.factory.ObjectProvider;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					private final ObjectProvider<GenericContainer<?>> container;

					GreetingController(ObjectProvider<GenericContainer<?>> container) {
						this.container = container;
					}

					@GetMapping("/")
					String greeting() {
						return "%s";
					}

					@GetMapping("/container")
					String container() {
						return this.container.getObject().getContainerId();
					}

				}
				""".formatted(greeting);
	}

	static String containersConfig(String scope, String value) {
		return containersConfig(scope, value, 0);
	}

	/**
	 * The configuration with the container bean.
	 * @param scope the bean's scope annotation, or an empty string
	 * @param value the value of the container's environment variable {@code DEMO}
	 * @param fixedPort the host port of the container's port 80, or 0 for a random one
	 * @return the source
	 */
	static String containersConfig(String scope, String value, int fixedPort) {
		String container = (fixedPort != 0)
				? "new org.testcontainers.containers.FixedHostPortGenericContainer<>(\"%s\").withFixedExposedPort(%d, 80)"
					.formatted(DockerEngine.IMAGE, fixedPort)
				: "new GenericContainer<>(DockerImageName.parse(\"%s\")).withExposedPorts(80)".formatted(DockerEngine.IMAGE);
		return """
				package com.example.dev;

				import org.testcontainers.containers.GenericContainer;
				import org.testcontainers.utility.DockerImageName;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.boot.test.context.TestConfiguration;
				import org.springframework.context.annotation.Bean;
				import org.springframework.context.annotation.Scope;

				@TestConfiguration(proxyBeanMethods = false)
				public class ContainersConfig {

					@Bean
					%s
					GenericContainer<?> web(@Value("${demo.run}") String run) {
						return %s
							.withEnv("DEMO", "%s")
							.withLabel("test.run", run);
					}

				}
				""".formatted(scope, container, value);
	}

	private String runLabel() {
		return "test.run=" + this.run;
	}

	private List<String> events() {
		return DockerEngine.events(this.testStart, Instant.now(), runLabel());
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

}
