package dev.reloader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A waiting standby, with its warm-up and its rehearsal of the application, acts on
 * nothing outside its JVM, and leaves nothing in the application it becomes: the
 * application's log file (a {@code FileAppender} with {@code append=false}) stays intact
 * while a standby waits, a file that a {@code @PostConstruct} method appends to gets one
 * line per real start, and the application listens on its own sockets only (its web
 * server and the H2 TCP server that one of its beans starts), as it does without a
 * standby.
 *
 * @author Reloader contributors
 */
class StandbySafetyIntegrationTests {

	private static final String APP = "com.example.safe.DemoApplication";

	private static final int RELOADS = 3;

	private static final Pattern JAVA_THREAD = Pattern.compile("^\"(.*)\" #[0-9]+ ", Pattern.MULTILINE);

	private static final Set<String> JVM_THREADS = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
			"Service Thread", "Monitor Deflation Thread", "C# CompilerThread#", "Sweeper thread", "Common-Cleaner",
			"Notification Thread", "Attach Listener", "DestroyJavaVM", "process reaper");

	private static final Map<Boolean, List<String>> applicationThreads = new ConcurrentHashMap<>();

	@TempDir
	Path directory;

	@ParameterizedTest(name = "standby: {0}")
	@ValueSource(booleans = { true, false })
	void standbyActsOnNothingOutsideItsJvm(boolean standby) throws Exception {
		Path appended = this.directory.resolve("started.txt");
		Path log = this.directory.resolve("app.log");
		try (TestApplication app = new TestApplication(this.directory.resolve("app"))) {
			app.jar("h2");
			app.source(APP, application());
			app.source("com.example.safe.StartRecorder", startRecorder(appended));
			app.source("com.example.safe.DatabaseServer", databaseServer());
			app.source("com.example.safe.BackgroundTicker", ticker());
			app.source("com.example.safe.HelloController", controller("v1"));
			app.resource("logback.xml", logback(log));
			app.resource("application.properties", "logging.level.dev.reloader=DEBUG\n");
			app.compile();
			Process supervisor = app.start(List.of(), APP, "--reloader.child.standby=" + standby,
					"--reloader.child.class-data-sharing=false", "--reloader.quiet-period=200ms");
			await().until(() -> app.get("/"), "v1"::equals);
			for (int reload = 2; reload <= RELOADS + 1; reload++) {
				if (standby) {
					long waiting = awaitWaitingStandby(app);
					assertThat(listeningSockets(waiting)).as("sockets of the waiting standby").isEmpty();
					assertThat(threadNames(waiting)).as("threads of the waiting standby").doesNotContain("app-ticker");
					assertThat(Files.readString(log)).as("the application's log while a standby waits")
						.doesNotContain("\0")
						.contains("Started DemoApplication");
				}
				app.source("com.example.safe.HelloController", controller("v" + reload)).compile();
				String expected = "v" + reload;
				await().until(() -> app.get("/"), expected::equals);
			}
			long starts = app.countInOutput("Started DemoApplication");
			assertThat(starts).isEqualTo(RELOADS + 1);
			assertThat(Files.readAllLines(appended)).hasSize((int) starts);
			long application = app.reloaderChildren().stream()
				.filter((child) -> !TestApplication.isStandby(child.pid()) || !isWaiting(child.pid()))
				.mapToLong(ProcessHandle::pid)
				.findFirst()
				.orElseThrow();
			// Its web server and its own H2 server, nothing of a rehearsal
			assertThat(listeningSockets(application)).hasSize(2);
			assertThat(threadNames(application)).filteredOn((name) -> name.startsWith("H2 TCP")).hasSize(1);
			// A thread that a bean starts and stops: one, the application's own
			assertThat(threadNames(application)).filteredOn("app-ticker"::equals).hasSize(1);
			compareWithOtherRun(standby, javaThreads(application));
			String content = Files.readString(log);
			assertThat(content).doesNotContain("\0");
			assertThat(content.lines().filter((line) -> line.contains("Started DemoApplication"))).hasSize(1);
			if (standby) {
				assertThat(app.output()).contains("Restarting from the standby")
					.contains("Rehearsal refused an action outside the JVM: bind ")
					.doesNotContain("The standby's warm-up");
			}
			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
		}
	}

	@Test
	void threadThatARehearsalLeftRunningMakesTheStandbyUnfitAndLaterStandbysSkipTheRehearsal() throws Exception {
		try (TestApplication app = new TestApplication(this.directory.resolve("app"))) {
			app.source(APP, application());
			app.source("com.example.safe.BackgroundTicker", stubbornTicker());
			app.source("com.example.safe.HelloController", controller("v1"));
			app.resource("application.properties", "logging.level.dev.reloader=DEBUG\n");
			app.compile();
			Process supervisor = app.start(List.of(), APP, "--reloader.child.class-data-sharing=false",
					"--reloader.quiet-period=200ms");
			await().until(() -> app.get("/"), "v1"::equals);
			for (int reload = 2; reload <= RELOADS + 1; reload++) {
				long waiting = awaitWaitingStandby(app);
				assertThat(threadNames(waiting)).as("threads of the waiting standby").doesNotContain("app-ticker");
				app.source("com.example.safe.HelloController", controller("v" + reload)).compile();
				String expected = "v" + reload;
				await().until(() -> app.get("/"), expected::equals);
			}
			long application = app.reloaderChildren().stream()
				.filter((child) -> !TestApplication.isStandby(child.pid()) || !isWaiting(child.pid()))
				.mapToLong(ProcessHandle::pid)
				.findFirst()
				.orElseThrow();
			assertThat(threadNames(application)).filteredOn("app-ticker"::equals).hasSize(1);
			assertThat(app.output()).contains("The rehearsal left threads running: [app-ticker]")
				.contains("standbys warm up without a rehearsal of the application from now on")
				.contains("Restarting from the standby")
				.contains("The standby left the rehearsal of the application out")
				.doesNotContain("The standby rehearsed the application");
			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
		}
	}

	/**
	 * Compare the application's threads with those of the other run, once both ran: the
	 * application that a standby became has the threads that a cold start gives it.
	 */
	private static void compareWithOtherRun(boolean standby, List<String> threads) {
		List<String> other = applicationThreads.get(!standby);
		applicationThreads.put(standby, threads);
		if (other != null) {
			assertThat(threads).as("threads with standby " + standby + " against " + !standby)
				.containsExactlyInAnyOrderElementsOf(other);
		}
	}

	/**
	 * The names of a process's Java threads, digits replaced, without the JVM's own
	 * threads (compilers, reference handling, attach), whose number varies from run to
	 * run.
	 */
	static List<String> javaThreads(long pid) throws IOException, InterruptedException {
		String dump = threadDump(pid);
		assertThat(dump).contains("Full thread dump");
		List<String> names = new ArrayList<>();
		Matcher matcher = JAVA_THREAD.matcher(dump);
		while (matcher.find()) {
			String name = matcher.group(1).replaceAll("[0-9]+", "#");
			if (!JVM_THREADS.contains(name)) {
				names.add(name);
			}
		}
		assertThat(names).as(dump).isNotEmpty();
		return names;
	}

	/**
	 * Wait for a standby that waits to be told to go, its warm-up and rehearsal over.
	 */
	private static long awaitWaitingStandby(TestApplication app) {
		return await().until(() -> app.standbyChildren()
			.stream()
			.mapToLong(ProcessHandle::pid)
			.filter(StandbySafetyIntegrationTests::isWaiting)
			.findFirst()
			.orElse(-1), (pid) -> pid > 0);
	}

	/**
	 * Whether a standby's main thread waits for go, its warm-up over.
	 */
	private static boolean isWaiting(long pid) {
		try {
			String threads = threadDump(pid);
			int main = threads.indexOf("\"main\"");
			if (main < 0) {
				return false;
			}
			String stack = threads.substring(main, Math.max(threads.indexOf("\n\n", main), main));
			return stack.contains("CompletableFuture.join") && stack.contains("StandbyMain.main");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * A process's thread dump, as {@code jcmd Thread.print} prints it.
	 */
	private static String threadDump(long pid) throws IOException, InterruptedException {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid), "Thread.print")
			.redirectErrorStream(true)
			.start();
		String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		jcmd.waitFor();
		return dump;
	}

	/**
	 * The TCP sockets a process listens on, as {@code /proc} shows them: the inodes of
	 * its socket descriptors that the kernel's tables list in the listening state.
	 */
	static Set<String> listeningSockets(long pid) throws IOException {
		Set<String> inodes = new HashSet<>();
		try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			descriptors.forEach((descriptor) -> {
				try {
					String target = Files.readSymbolicLink(descriptor).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring(8, target.length() - 1));
					}
				}
				catch (IOException ex) {
					// Closed meanwhile
				}
			});
		}
		Set<String> listening = new HashSet<>();
		for (String table : List.of("tcp", "tcp6")) {
			Path file = Path.of("/proc", Long.toString(pid), "net", table);
			if (!Files.exists(file)) {
				continue;
			}
			// Read once: the table changes with every socket of the machine
			List<String> lines = Files.readAllLines(file);
			for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 9 && fields[3].equals("0A") && inodes.contains(fields[9])) {
					listening.add(table + " " + fields[1]);
				}
			}
		}
		return listening;
	}

	static List<String> threadNames(long pid) throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.map((task) -> {
				try {
					return Files.readString(task.resolve("comm")).trim();
				}
				catch (IOException ex) {
					return "";
				}
			}).toList();
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300));
	}

	private static String application() {
		return """
				package com.example.safe;

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

	private static String startRecorder(Path file) {
		return """
				package com.example.safe;

				import java.nio.file.Files;
				import java.nio.file.Path;
				import java.nio.file.StandardOpenOption;

				import jakarta.annotation.PostConstruct;
				import org.springframework.stereotype.Component;

				@Component
				class StartRecorder {

					@PostConstruct
					void record() throws Exception {
						Files.writeString(Path.of("%s"), "started\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
					}

				}
				""".formatted(file);
	}

	private static String databaseServer() {
		return """
				package com.example.safe;

				import jakarta.annotation.PostConstruct;
				import jakarta.annotation.PreDestroy;
				import org.h2.tools.Server;
				import org.springframework.stereotype.Component;

				@Component
				class DatabaseServer {

					private Server server;

					@PostConstruct
					void start() throws Exception {
						this.server = Server.createTcpServer("-tcpPort", "0", "-tcpAllowOthers").start();
					}

					@PreDestroy
					void stop() {
						this.server.stop();
					}

				}
				""";
	}

	private static String ticker() {
		return """
				package com.example.safe;

				import jakarta.annotation.PostConstruct;
				import jakarta.annotation.PreDestroy;
				import org.springframework.stereotype.Component;

				@Component
				class BackgroundTicker {

					private Thread thread;

					@PostConstruct
					void start() {
						this.thread = new Thread(() -> {
							try {
								Thread.sleep(Long.MAX_VALUE);
							}
							catch (InterruptedException ex) {
								// Stopped
							}
						}, "app-ticker");
						this.thread.start();
					}

					@PreDestroy
					void stop() {
						this.thread.interrupt();
					}

				}
				""";
	}

	/**
	 * A bean that starts a thread that only its destruction callback stops.
	 */
	private static String stubbornTicker() {
		return """
				package com.example.safe;

				import jakarta.annotation.PostConstruct;
				import jakarta.annotation.PreDestroy;
				import org.springframework.stereotype.Component;

				@Component
				class BackgroundTicker {

					private volatile boolean running = true;

					@PostConstruct
					void start() {
						Thread thread = new Thread(() -> {
							while (this.running) {
								try {
									Thread.sleep(100);
								}
								catch (InterruptedException ex) {
									// Only stop() stops it
								}
							}
						}, "app-ticker");
						thread.setDaemon(true);
						thread.start();
					}

					@PreDestroy
					void stop() {
						this.running = false;
					}

				}
				""";
	}

	private static String controller(String text) {
		return """
				package com.example.safe;

				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class HelloController {

					@GetMapping("/")
					String hello() {
						return "%s";
					}

				}
				""".formatted(text);
	}

	private static String logback(Path file) {
		return """
				<configuration>
					<appender name="FILE" class="ch.qos.logback.core.FileAppender">
						<file>%s</file>
						<append>false</append>
						<encoder><pattern>%%logger{0} %%msg%%n</pattern></encoder>
					</appender>
					<appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
						<encoder><pattern>%%logger{0} %%msg%%n</pattern></encoder>
					</appender>
					<logger name="dev.reloader" level="DEBUG" additivity="false">
						<appender-ref ref="CONSOLE"/>
					</logger>
					<root level="INFO">
						<appender-ref ref="FILE"/>
						<appender-ref ref="CONSOLE"/>
					</root>
				</configuration>
				""".formatted(file);
	}

}
