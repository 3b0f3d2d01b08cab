package dev.reloader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correctness of the restart-speed techniques (optimized launch, class-data sharing, warm
 * standby): with them on and off, a chain of changes to a controller, to
 * {@code application.yml} and to a {@code @Configuration} class gives the same answers,
 * and the application's own {@code logback-spring.xml} and {@code application.yml} are
 * honoured after every restart, also when the new child is a warmed-up standby.
 *
 * @author Reloader contributors
 */
class FastRestartIntegrationTests {

	private static final String APP = "com.example.fast.DemoApplication";

	@TempDir
	Path directory;

	@ParameterizedTest(name = "techniques on: {0}")
	@ValueSource(booleans = { true, false })
	void chainOfChangesGivesTheSameAnswers(boolean techniques) throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.source(APP, application());
			app.source("com.example.fast.GreetingController", controller("code1"));
			app.source("com.example.fast.GreetingConfiguration", configuration("config1"));
			app.resource("application.yml", "greeting:\n  prefix: yml1\nlogging:\n  level:\n    dev.reloader: DEBUG\n");
			app.resource("logback-spring.xml", """
					<configuration>
						<appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
							<encoder><pattern>USERLOG %logger{0} %msg%n</pattern></encoder>
						</appender>
						<root level="INFO"><appender-ref ref="CONSOLE"/></root>
					</configuration>
					""");
			app.compile();
			List<String> arguments = new ArrayList<>();
			arguments.add("--reloader.child.optimized-launch=" + techniques);
			arguments.add("--reloader.child.class-data-sharing=" + techniques);
			arguments.add("--reloader.child.standby=" + techniques);
			arguments.add("--reloader.quiet-period=200ms");
			Process supervisor = app.start(List.of(), APP, arguments.toArray(String[]::new));
			await().until(() -> app.get("/"), "yml1 code1 config1"::equals);
			awaitStandby(app, techniques, 1);
			// Once its child is ready, the supervisor keeps its heap small, with or
			// without a standby
			await().until(() -> flag(supervisor.pid(), "MaxHeapFreeRatio"), "-XX:MaxHeapFreeRatio=20"::equals);
			// The optimized launch gives the application the serial collector; without it,
			// the child's collector is the one the JVM picked, as for the supervisor
			long child = supervisor.descendants()
				.filter((handle) -> TestApplication.isReloaderChild(handle.pid())
						&& !TestApplication.isStandby(handle.pid()))
				.findFirst()
				.orElseThrow()
				.pid();
			assertThat(flag(child, "UseSerialGC"))
				.isEqualTo(techniques ? "-XX:+UseSerialGC" : flag(supervisor.pid(), "UseSerialGC"));

			app.source("com.example.fast.GreetingController", controller("code2")).compile();
			await().until(() -> app.get("/"), "yml1 code2 config1"::equals);
			awaitStandby(app, techniques, 2);

			app.resource("application.yml", "greeting:\n  prefix: yml2\nlogging:\n  level:\n    dev.reloader: DEBUG\n");
			await().until(() -> app.get("/"), "yml2 code2 config1"::equals);
			awaitStandby(app, techniques, 3);

			app.source("com.example.fast.GreetingConfiguration", configuration("config2")).compile();
			await().until(() -> app.get("/"), "yml2 code2 config2"::equals);
			awaitStandby(app, techniques, 4);

			app.resource("META-INF/spring.factories", "# no factories of its own\n");
			await().until(() -> app.countInOutput("Started DemoApplication") == 5);
			await().until(() -> app.get("/"), "yml2 code2 config2"::equals);

			assertThat(app.countInOutput("USERLOG DemoApplication Started DemoApplication")).isEqualTo(5);
			assertThat(app.countInOutput("Reloading")).isEqualTo(4);
			if (techniques) {
				// A standby started before the class-data sharing archive was ready is
				// discarded once it is, so a restart may start cold, and says so
				long fromStandby = app.countInOutput("Restarting from the standby");
				assertThat(fromStandby).isPositive();
				assertThat(fromStandby + app.countInOutput("Discarding the standby")).isEqualTo(4);
				assertThat(app.output()).contains("the application's class loading configuration changed");
			}
			else {
				assertThat(app.output()).doesNotContain("Started standby").doesNotContain("Restarting from the standby");
			}
			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			await().until(() -> supervisor.descendants().noneMatch(ProcessHandle::isAlive));
		}
	}

	/**
	 * Wait until the given number of children watch, and, with the techniques on, until
	 * each of them has started the next standby.
	 */
	private static void awaitStandby(TestApplication app, boolean techniques, int count) {
		app.awaitWatching(count);
		if (techniques) {
			await().until(() -> app.countInOutput("Started standby") >= count);
		}
	}

	private static String flag(long pid, String name) throws Exception {
		Path jinfo = Path.of(System.getProperty("java.home"), "bin", "jinfo");
		Process query = new ProcessBuilder(jinfo.toString(), "-flag", name, Long.toString(pid))
			.redirectErrorStream(true)
			.start();
		String output = new String(query.getInputStream().readAllBytes()).trim();
		query.waitFor();
		return output;
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

	private static String application() {
		return """
				package com.example.fast;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class DemoApplication {

					public static void main(String[] args) {
						SpringApplication.run(DemoApplication.class, args);
					}

				}
				""";
	}

	private static String controller(String text) {
		return """
				package com.example.fast;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					private final String prefix;

					private final GreetingConfiguration.Suffix suffix;

					GreetingController(@Value("${greeting.prefix}") String prefix, GreetingConfiguration.Suffix suffix) {
						this.prefix = prefix;
						this.suffix = suffix;
					}

					@GetMapping("/")
					String greeting() {
						return this.prefix + " %s " + this.suffix.text();
					}

				}
				""".formatted(text);
	}

	private static String configuration(String text) {
		return """
				package com.example.fast;

				import org.springframework.context.annotation.Bean;
				import org.springframework.context.annotation.Configuration;

				@Configuration(proxyBeanMethods = false)
				class GreetingConfiguration {

					@Bean
					Suffix suffix() {
						return new Suffix("%s");
					}

					record Suffix(String text) {
					}

				}
				""".formatted(text);
	}

}
