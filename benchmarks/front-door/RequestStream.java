import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.tools.ToolProvider;

/**
 * Sends one GET every 20 ms, each on a new connection, to a one-controller application run
 * by the reloader, while its controller changes a number of times, and counts how each
 * request ends. Arguments: class path (the reloader's classes and the application's
 * dependencies), work directory, [reloads] [seconds between changes] [modes: on, off].
 */
public class RequestStream {

	private static final String APPLICATION = """
			package bench;

			import org.springframework.boot.SpringApplication;
			import org.springframework.boot.autoconfigure.SpringBootApplication;

			@SpringBootApplication
			public class BenchApplication {

				public static void main(String[] args) {
					SpringApplication.run(BenchApplication.class, args);
				}

			}
			""";

	private static final String CONTROLLER = """
			package bench;

			import org.springframework.web.bind.annotation.GetMapping;
			import org.springframework.web.bind.annotation.RestController;

			@RestController
			class GreetingController {

				@GetMapping("/")
				String greeting() {
					return "%s";
				}

			}
			""";

	private final List<Long> answeredAt = Collections.synchronizedList(new ArrayList<>());

	private final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());

	private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

	public static void main(String[] args) throws Exception {
		String classPath = args[0];
		Path work = Files.createDirectories(Path.of(args[1]));
		int reloads = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		long interval = ((args.length > 3) ? Long.parseLong(args[3]) : 5) * 1000;
		List<String> modes = (args.length > 4) ? List.of(args).subList(4, args.length) : List.of("off", "on");
		List<String> rows = new ArrayList<>();
		for (String mode : modes) {
			rows.add(mode + ": " + new RequestStream().run(classPath, work, mode, reloads, interval));
		}
		System.out.println();
		System.out.println("| front door | requests | answered | refused | reset | other | longest stretch with no answer | versions served |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		rows.forEach(System.out::println);
	}

	String run(String classPath, Path work, String mode, int reloads, long interval) throws Exception {
		Path app = Files.createTempDirectory(work, "app-");
		Path sources = Files.createDirectories(app.resolve("src/bench"));
		Path classes = Files.createDirectories(app.resolve("classes"));
		Files.writeString(sources.resolve("BenchApplication.java"), APPLICATION);
		compile(classPath, classes, sources, "v0");
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classes + File.pathSeparator + classPath, "bench.BenchApplication", "--server.port=" + port));
		if (mode.equals("off")) {
			command.add("--reloader.front-door.enabled=false");
		}
		Path log = app.resolve("output.log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString());
		builder.environment().remove("RELOADER_RUN_MAIN");
		Process supervisor = builder.start();
		try {
			long startDeadline = System.currentTimeMillis() + 120_000;
			while (!"v0".equals(get(port)) || !Files.readString(log).contains("Watching for file changes")) {
				if (System.currentTimeMillis() > startDeadline || !supervisor.isAlive()) {
					throw new IllegalStateException("The application did not start; see " + log);
				}
				Thread.sleep(200);
			}
			// Let the first start's background work (a standby, the class-data archive) settle
			Thread.sleep(interval);
			ExecutorService requests = Executors.newCachedThreadPool();
			long start = System.nanoTime();
			long end = start + TimeUnit.MILLISECONDS.toNanos(interval * (reloads + 1));
			int next = 1;
			long nextChange = start + TimeUnit.MILLISECONDS.toNanos(interval / 2);
			int sent = 0;
			while (System.nanoTime() < end) {
				requests.execute(() -> request(port));
				sent++;
				if (next <= reloads && System.nanoTime() >= nextChange) {
					compile(classPath, classes, sources, "v" + next);
					next++;
					nextChange += TimeUnit.MILLISECONDS.toNanos(interval);
				}
				Thread.sleep(20);
			}
			requests.shutdown();
			requests.awaitTermination(2, TimeUnit.MINUTES);
			long stop = System.nanoTime();
			List<Long> times = new ArrayList<>(this.answeredAt);
			Collections.sort(times);
			long previous = start;
			long longest = 0;
			for (long time : times) {
				longest = Math.max(longest, time - previous);
				previous = time;
			}
			longest = Math.max(longest, stop - previous);
			long answered = count("answered");
			List<String> versions = new ArrayList<>();
			for (String body : new ArrayList<>(this.bodies)) {
				if (!versions.contains(body)) {
					versions.add(body);
				}
			}
			return String.format("| %s | %d | %d | %d | %d | %d | %.2f s | %s |", mode, sent, answered, count("refused"),
					count("reset"), sent - answered - count("refused") - count("reset"), longest / 1e9,
					String.join(" ", versions));
		}
		finally {
			List<ProcessHandle> tree = supervisor.descendants().toList();
			supervisor.destroy();
			if (!supervisor.waitFor(30, TimeUnit.SECONDS)) {
				supervisor.destroyForcibly();
			}
			tree.forEach(ProcessHandle::destroyForcibly);
		}
	}

	private long count(String outcome) {
		synchronized (this.outcomes) {
			return this.outcomes.stream().filter(outcome::equals).count();
		}
	}

	private void request(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(60_000);
			socket.getOutputStream()
				.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			socket.getInputStream().transferTo(received);
			String answer = received.toString(StandardCharsets.UTF_8);
			if (answer.startsWith("HTTP/1.1 200")) {
				this.answeredAt.add(System.nanoTime());
				this.bodies.add(answer.substring(answer.indexOf("\r\n\r\n") + 4));
				this.outcomes.add("answered");
			}
			else {
				this.outcomes.add(answer.isEmpty() ? "reset" : "other");
			}
		}
		catch (ConnectException ex) {
			this.outcomes.add("refused");
		}
		catch (SocketException ex) {
			this.outcomes.add("reset");
		}
		catch (IOException ex) {
			this.outcomes.add("other");
		}
	}

	private static String get(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return answer.startsWith("HTTP/1.1 200") ? answer.substring(answer.indexOf("\r\n\r\n") + 4) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void compile(String classPath, Path classes, Path sources, String greeting) throws IOException {
		Path controller = sources.resolve("GreetingController.java");
		Files.writeString(controller, CONTROLLER.formatted(greeting));
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath, "-proc:none"));
		arguments.add(controller.toString());
		if (greeting.equals("v0")) {
			arguments.add(sources.resolve("BenchApplication.java").toString());
		}
		if (ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)) != 0) {
			throw new IllegalStateException("Compilation failed");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
