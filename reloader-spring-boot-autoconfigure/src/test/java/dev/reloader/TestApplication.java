package dev.reloader;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.awaitility.Awaitility;

/**
 * A Spring Boot application compiled at test time into a class directory and launched as
 * a user would launch it: {@code java -cp classes:jars Main}. Its output (supervisor and
 * children alike) goes to one file.
 *
 * @author Reloader contributors
 */
final class TestApplication implements AutoCloseable {

	/**
	 * Parts of the paths of the jars that only the tests use to drive a browser, kept off
	 * the applications' class path.
	 */
	private static final List<String> BROWSER_DRIVER_JARS = List.of("/org/seleniumhq/", "/io/opentelemetry/",
			"/com/google/");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path sources;

	private final Path classes;

	private final Path output;

	private final Path cache;

	private int port;

	private final Set<Path> changedSources = new LinkedHashSet<>();

	private final List<String> extraJars = new ArrayList<>();

	private final Map<String, String> environment = new LinkedHashMap<>();

	private Path workingDirectory;

	private Predicate<String> leftOut = (entry) -> false;

	private Process process;

	TestApplication(Path directory) throws IOException {
		this.sources = Files.createDirectories(directory.resolve("src"));
		this.classes = Files.createDirectories(directory.resolve("classes"));
		this.output = directory.resolve("output.log");
		this.cache = directory.resolve("cache");
		this.port = freePort();
	}

	TestApplication source(String className, String code) throws IOException {
		Path file = this.sources.resolve(className.replace('.', '/') + ".java");
		Files.createDirectories(file.getParent());
		Files.writeString(file, code);
		this.changedSources.add(file);
		return this;
	}

	/**
	 * Launch the application with the given {@code server.port} instead of a free one,
	 * and send requests to that port from then on.
	 * @param port the port
	 * @return this application
	 */
	TestApplication port(int port) {
		this.port = port;
		return this;
	}

	int port() {
		return this.port;
	}

	/**
	 * Launch the application in the given working directory instead of the tests' own.
	 * @param workingDirectory the working directory
	 * @return this application
	 */
	TestApplication workingDirectory(Path workingDirectory) {
		this.workingDirectory = workingDirectory;
		return this;
	}

	/**
	 * Set an environment variable for the application, before it starts.
	 * @param name the variable's name
	 * @param value its value
	 * @return this application
	 */
	TestApplication environment(String name, String value) {
		this.environment.put(name, value);
		return this;
	}

	/**
	 * Put a jar that the tests do not use themselves on the application's class path.
	 * @param name the jar's name without version, as copied by the build into the
	 * directory named by the {@code test-application-jars} system property
	 * @return this application
	 */
	TestApplication jar(String name) {
		Path jar = Paths.get(System.getProperty("test-application-jars", "target/test-application-jars"),
				name + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No " + jar + "; the build copies it in generate-test-resources");
		}
		this.extraJars.add(jar.toAbsolutePath().toString());
		return this;
	}

	/**
	 * Put several jars that the tests do not use themselves on the application's class
	 * path.
	 * @param names the jars' names without version
	 * @return this application
	 * @see #jar(String)
	 */
	TestApplication jars(String... names) {
		for (String name : names) {
			jar(name);
		}
		return this;
	}

	/**
	 * Leave the Servlet stack (Spring MVC, Tomcat) that the tests use themselves off the
	 * application's class path, as for a WebFlux application.
	 * @return this application
	 */
	TestApplication withoutServletStack() {
		this.leftOut = (entry) -> {
			String name = Paths.get(entry).getFileName().toString();
			return name.startsWith("spring-webmvc-") || name.startsWith("spring-boot-webmvc-")
					|| name.startsWith("spring-boot-servlet-") || name.startsWith("spring-boot-starter-webmvc-")
					|| name.contains("tomcat");
		};
		return this;
	}

	/**
	 * Compile the sources written since the last compilation into the class directory,
	 * as an IDE does while the application runs.
	 */
	void compile() throws IOException {
		List<String> files = this.changedSources.stream().map(Path::toString).toList();
		this.changedSources.clear();
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> classPath = classPath();
		List<String> arguments = new ArrayList<>(List.of("-d", this.classes.toString(), "-classpath",
				String.join(File.pathSeparator, classPath), "-proc:none", "-parameters"));
		arguments.addAll(files);
		ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
		int result = compiler.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));
		if (result != 0) {
			throw new IllegalStateException("Compilation failed: " + diagnostics.toString(StandardCharsets.UTF_8));
		}
	}

	/**
	 * Start the application with {@code java}.
	 * @param jvmOptions options before the main class
	 * @param mainClass the main class
	 * @param arguments program arguments
	 * @return the launched process (the supervisor, where the reloader is on)
	 */
	Process start(List<String> jvmOptions, String mainClass, String... arguments) throws IOException {
		return start(command(jvmOptions, mainClass, arguments));
	}

	/**
	 * Start the application with {@code java} in a pseudo-terminal, as if launched from
	 * an interactive shell, through {@code script} from util-linux. What the test writes
	 * to the process's input is typed into the terminal.
	 * @param jvmOptions options before the main class
	 * @param mainClass the main class
	 * @param arguments program arguments
	 * @return the launched {@code script} process
	 */
	Process startInTerminal(List<String> jvmOptions, String mainClass, String... arguments) throws IOException {
		String command = command(jvmOptions, mainClass, arguments).stream()
			.map((argument) -> "'" + argument.replace("'", "'\\''") + "'")
			.collect(Collectors.joining(" "));
		return start(List.of("script", "--quiet", "--flush", "--return", "--command", "exec " + command, "/dev/null"));
	}

	private List<String> command(List<String> jvmOptions, String mainClass, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xshare:auto");
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(String.join(File.pathSeparator, classPath()));
		command.add(mainClass);
		command.add("--server.port=" + this.port);
		command.addAll(Arrays.asList(arguments));
		return command;
	}

	private List<String> classPath() {
		List<String> classPath = new ArrayList<>();
		classPath.add(this.classes.toString());
		dependencies().stream().filter(this.leftOut.negate()).forEach(classPath::add);
		classPath.addAll(this.extraJars);
		return classPath;
	}

	private Process start(List<String> command) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.output.toFile());
		builder.environment().remove("RELOADER_RUN_MAIN");
		builder.environment().remove("RELOADER_SUPERVISOR_PID");
		builder.environment().put("XDG_CACHE_HOME", this.cache.toString());
		builder.environment().putAll(this.environment);
		if (this.workingDirectory != null) {
			builder.directory(this.workingDirectory.toFile());
		}
		this.process = builder.start();
		return this.process;
	}

	/**
	 * Write a resource straight into the class directory, as a build copies it there.
	 * @param name the resource path
	 * @param content its content
	 * @return this application
	 */
	TestApplication resource(String name, String content) throws IOException {
		Path file = this.classes.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		return this;
	}

	/**
	 * Type a line into the application's standard input.
	 * @param line the line
	 */
	void type(String line) throws IOException {
		this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		this.process.getOutputStream().flush();
	}

	/**
	 * Write a resource into the class directory, as a build copies it there, with a
	 * modification time later than any before.
	 * @param name the resource path
	 * @param content its content
	 * @return this application
	 */
	TestApplication changeResource(String name, String content) throws IOException {
		Path file = this.classes.resolve(name);
		FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file)
				: FileTime.fromMillis(0);
		resource(name, content);
		long later = Math.max(System.currentTimeMillis(), before.toMillis() + 2000);
		Files.setLastModifiedTime(file, FileTime.fromMillis(later));
		return this;
	}

	Path classes() {
		return this.classes;
	}

	String output() {
		try {
			return Files.exists(this.output) ? Files.readString(this.output, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	long countInOutput(String text) {
		return output().lines().filter((line) -> line.contains(text)).count();
	}

	/**
	 * Wait until the given number of children have started watching. A child's web
	 * server answers before its reloader watches, and a file changed in between is not
	 * seen, so a test waits for this before it changes files again.
	 * @param children how many children must have said that they watch
	 */
	void awaitWatching(int children) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> countInOutput("Watching for file changes with ") >= children);
	}

	/**
	 * Fetch a path from the application.
	 * @param path the path
	 * @return the body of a 200 answer, or {@code null} when the application does not
	 * answer (yet)
	 */
	String get(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)));
	}

	/**
	 * Return the address of a path of the application.
	 * @param path the path
	 * @return the address on the loopback interface
	 */
	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * Fetch a path from the application, whatever the answer.
	 * @param path the path
	 * @param headers request header names and values, alternately
	 * @return the answer, or {@code null} when the application does not answer (yet)
	 */
	HttpResponse<byte[]> exchange(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5));
		if (headers.length > 0) {
			request.headers(headers);
		}
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Open a path whose answer does not end, such as an event stream.
	 * @param path the path
	 * @return the answer, once its headers have arrived, or {@code null}
	 */
	HttpResponse<InputStream> open(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
					HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Fetch a path from the application, whatever the status of the answer.
	 * @param path the path
	 * @param accept the media types to accept
	 * @return the answer, or {@code null} when the application does not answer (yet)
	 */
	HttpResponse<String> exchangeText(String path, String accept) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header("Accept", accept)
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Post an empty JSON object to a path of the application.
	 * @param path the path
	 * @return the body of a 200 answer, or {@code null}
	 */
	String post(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
	}

	private String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * Return the Java processes below the launched one whose environment marks them as
	 * children of the reloader.
	 * @return the child processes alive now
	 */
	List<ProcessHandle> reloaderChildren() {
		return this.process.descendants().filter((handle) -> isReloaderChild(handle.pid())).toList();
	}

	/**
	 * Return the reloader children that were started as warm standbys (whether they have
	 * been told to go or not).
	 * @return the standby processes alive now
	 */
	List<ProcessHandle> standbyChildren() {
		return reloaderChildren().stream().filter(TestApplication::isStandby).toList();
	}

	/**
	 * Return the reloader children that were started cold.
	 * @return the cold children alive now
	 */
	List<ProcessHandle> coldChildren() {
		return reloaderChildren().stream().filter((handle) -> !isStandby(handle)).toList();
	}

	private static boolean isStandby(ProcessHandle handle) {
		return isStandby(handle.pid());
	}

	/**
	 * Return whether the process was started as a warm standby (whether it has been told to
	 * go or not).
	 * @param pid the process id
	 * @return {@code true} for a standby
	 */
	static boolean isStandby(long pid) {
		return environment(pid).stream().anyMatch((entry) -> entry.startsWith("RELOADER_STANDBY_"));
	}

	static boolean isReloaderChild(long pid) {
		return environment(pid).contains("RELOADER_RUN_MAIN=true");
	}

	private static List<String> environment(long pid) {
		try {
			byte[] environ = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "environ"));
			return Arrays.asList(new String(environ, StandardCharsets.UTF_8).split("\0"));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	@Override
	public void close() {
		if (this.process != null) {
			List<ProcessHandle> tree = this.process.descendants().toList();
			this.process.destroyForcibly();
			tree.forEach(ProcessHandle::destroyForcibly);
		}
	}

	private static List<String> dependencies() {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> !entry.isEmpty() && !entry.endsWith("test-classes") && !entry.contains("surefire"))
			.filter((entry) -> BROWSER_DRIVER_JARS.stream().noneMatch(entry::contains))
			.collect(Collectors.toList());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
