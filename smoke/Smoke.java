import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import javax.tools.ToolProvider;

/**
 * Smoke test of the built starter in one Spring Boot and JDK combination: compile a small
 * web application against the given class path, launch it with {@code java -cp} on the
 * given JDK, check the reloader endpoint and the development defaults, recompile a controller, wait for the new answer,
 * and stop the application with SIGTERM.
 * <p>
 * Run with {@code java smoke/Smoke.java <java> <class path file> <starter jar> <work dir>}
 * (see .ci/smoke.sh). Exits with 1 and prints the application's output on failure.
 */
public class Smoke {

	private static final Duration PATIENCE = Duration.ofSeconds(120);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path work;

	private final Path classes;

	private final Path output;

	private final List<String> classPath = new ArrayList<>();

	private final int port;

	private Smoke(Path work, Path starter, Path classPathFile) throws IOException {
		this.work = work;
		this.classes = Files.createDirectories(work.resolve("classes"));
		this.output = work.resolve("output.log");
		this.classPath.add(this.classes.toString());
		this.classPath.add(starter.toAbsolutePath().toString());
		for (String entry : Files.readString(classPathFile).strip().split(File.pathSeparator)) {
			this.classPath.add(entry);
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
	}

	public static void main(String[] args) throws Exception {
		Path work = Files.createDirectories(Paths.get(args[3]));
		Smoke smoke = new Smoke(work, Paths.get(args[2]), Paths.get(args[1]));
		try {
			smoke.run(args[0]);
		}
		catch (AssertionError | Exception ex) {
			System.out.println("FAILED: " + ex.getMessage());
			System.out.println("---- application output ----");
			System.out.println(smoke.output());
			System.exit(1);
		}
	}

	private void run(String java) throws Exception {
		long begin = System.nanoTime();
		compile("smoke.SmokeApplication", """
				package smoke;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class SmokeApplication {

					public static void main(String[] args) {
						SpringApplication.run(SmokeApplication.class, args);
					}

				}
				""", 0);
		compile("smoke.GreetingController", controller("v1"), 0);
		List<String> command = new ArrayList<>(List.of(java, "-cp", String.join(File.pathSeparator, this.classPath),
				"smoke.SmokeApplication", "--server.port=" + this.port,
				"--management.endpoints.web.exposure.include=health,reloader"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.output.toFile());
		builder.environment().remove("RELOADER_RUN_MAIN");
		builder.environment().remove("RELOADER_SUPERVISOR_PID");
		builder.environment().put("XDG_CACHE_HOME", this.output.resolveSibling("cache").toString());
		Process supervisor = builder.start();
		try {
			awaitAnswer("/", "v1"::equals);
			long started = System.nanoTime();
			String status = awaitAnswer("/actuator/reloader", (body) -> isWatching(body, 0));
			check(status.contains("\"reloader\":\"") && status.contains(this.classes.toString()),
					"the reloader endpoint describes the reloader and its roots: " + status);
			String error = errorBody("/no-such-page");
			check(error.contains("\"message\""), "error responses carry the message (development defaults): " + error);
			check(count("Development defaults applied") == 1, "one line says the development defaults are applied");

			compile("smoke.GreetingController", controller("v2"), 2);
			long changed = System.nanoTime();
			awaitAnswer("/", "v2"::equals);
			long reloaded = System.nanoTime();
			status = awaitAnswer("/actuator/reloader", (body) -> isWatching(body, 1));
			check(status.contains("GreetingController.class"), "the last restart names the class: " + status);
			check(count("Reloading") == 1, "one Reloading line");
			check(count("Watching for file changes with") == 2, "two children watched");
			check(count("Pages refresh themselves") == 2, "each child says that pages refresh themselves");
			awaitAnswer("/.reloader/refresh.js", (body) -> body.contains("EventSource"));

			List<ProcessHandle> tree = supervisor.descendants().toList();
			long children = tree.stream().filter((handle) -> isReloaderChild(handle.pid())).count();
			check(children >= 1 && children <= 2,
					"the application child (and at most one warm standby) below the supervisor, found " + children);
			supervisor.destroy();
			check(supervisor.waitFor() == 143, "the supervisor ends with 143 after SIGTERM");
			long deadline = System.nanoTime() + PATIENCE.toNanos();
			while (tree.stream().anyMatch(ProcessHandle::isAlive)) {
				check(System.nanoTime() < deadline, "the child stops with its supervisor");
				Thread.sleep(50);
			}
			System.out.printf("OK: first start %d ms, reload %d ms (change to new answer), total %d ms%n",
					millis(begin, started), millis(changed, reloaded), millis(begin, System.nanoTime()));
		}
		finally {
			supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
			supervisor.destroyForcibly();
		}
	}

	/**
	 * Whether the reloader endpoint describes a child after the given number of restarts
	 * that watches already: the web server answers before the reloader has started.
	 */
	private static boolean isWatching(String body, int restarts) {
		return body.contains("\"restarts\":" + restarts) && body.contains("\"reloader\":\"");
	}

	private static boolean isReloaderChild(long pid) {
		try {
			byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
			return Arrays.asList(new String(environ, StandardCharsets.UTF_8).split("\0"))
				.contains("RELOADER_RUN_MAIN=true");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String controller(String greeting) {
		return """
				package smoke;

				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					@GetMapping("/")
					String greeting() {
						return "%s";
					}

				}
				""".formatted(greeting);
	}

	private void compile(String className, String source, int secondsAhead) throws IOException {
		Path file = this.work.resolve("src").resolve(className.replace('.', '/') + ".java");
		Files.createDirectories(file.getParent());
		Files.writeString(file, source);
		int result = ToolProvider.getSystemJavaCompiler()
			.run(null, null, null, "--release", "17", "-proc:none", "-parameters", "-d", this.classes.toString(),
					"-classpath", String.join(File.pathSeparator, this.classPath), file.toString());
		check(result == 0, "compilation of " + className);
		Path classFile = this.classes.resolve(className.replace('.', '/') + ".class");
		// A modification time ahead of the previous one, even on coarse file systems
		Files.setLastModifiedTime(classFile,
				FileTime.fromMillis(System.currentTimeMillis() + Duration.ofSeconds(secondsAhead).toMillis()));
	}

	private String awaitAnswer(String path, Predicate<String> expected) throws Exception {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		String body = null;
		while (System.nanoTime() < deadline) {
			body = get(path);
			if (body != null && expected.test(body)) {
				return body;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no expected answer from " + path + " within " + PATIENCE + "; last: " + body);
	}

	private String errorBody(String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.header("Accept", "application/json")
					.timeout(Duration.ofSeconds(5))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return response.statusCode() + " " + response.body();
	}

	private String get(String path) throws InterruptedException {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
						.timeout(Duration.ofSeconds(5))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private long count(String text) {
		return output().lines().filter((line) -> line.contains(text)).count();
	}

	private String output() {
		try {
			return Files.exists(this.output) ? Files.readString(this.output, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static void check(boolean condition, String what) {
		if (!condition) {
			throw new AssertionError(what);
		}
	}

	private static long millis(long from, long to) {
		return Duration.ofNanos(to - from).toMillis();
	}

}
