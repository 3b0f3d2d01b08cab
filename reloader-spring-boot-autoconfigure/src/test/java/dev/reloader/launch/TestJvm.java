package dev.reloader.launch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JVM started by a test, with the test class path plus a directory of classes that the
 * test compiles on the fly, and its output collected in a file.
 *
 * @author Reloader contributors
 */
public final class TestJvm {

	/**
	 * How long a test waits for something a JVM does; generous for a busy machine.
	 */
	public static final Duration PATIENCE = Duration.ofSeconds(60);

	/**
	 * A wrapper command that ends with giving the JVM the default action for SIGINT. A
	 * process started in the background of a shell without job control (a CI script,
	 * say) inherits SIGINT ignored, and a JVM then neither handles it nor lets it end the
	 * process. GNU {@code env} resets it; elsewhere nothing is added.
	 * @param wrapper commands to run the JVM through first, for example {@code setsid}
	 * @return the wrapper
	 */
	public static List<String> interruptible(String... wrapper) {
		List<String> command = new ArrayList<>(List.of(wrapper));
		if (System.getProperty("os.name", "").startsWith("Linux")) {
			command.addAll(List.of("env", "--default-signal=INT"));
		}
		return command;
	}

	private static final Pattern CHILD_PID = Pattern.compile("Child started \\(pid (\\d+)\\)");

	private final Process process;

	private final Path output;

	private TestJvm(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Start a JVM.
	 * @param directory the working directory, which also receives the output file
	 * @param classes a directory to put first on the class path
	 * @param jvmOptions options before the class path
	 * @param mainClass the main class
	 * @param arguments the program arguments
	 * @return the started JVM
	 * @throws IOException if it cannot be started
	 */
	public static TestJvm start(Path directory, Path classes, List<String> jvmOptions, String mainClass,
			String... arguments) throws IOException {
		return start(List.of(), directory, classes, jvmOptions, mainClass, arguments);
	}

	/**
	 * Start a JVM through a wrapper command, for example {@code setsid}.
	 * @param wrapper the command before {@code java}
	 * @param directory the working directory, which also receives the output file
	 * @param classes a directory to put first on the class path
	 * @param jvmOptions options before the class path
	 * @param mainClass the main class
	 * @param arguments the program arguments
	 * @return the started JVM
	 * @throws IOException if it cannot be started
	 */
	public static TestJvm start(List<String> wrapper, Path directory, Path classes, List<String> jvmOptions,
			String mainClass, String... arguments) throws IOException {
		return start(wrapper, directory, List.of(classes), jvmOptions, mainClass, arguments);
	}

	/**
	 * Start a JVM with more than one entry before the test class path.
	 * @param directory the working directory, which also receives the output file
	 * @param classPath directories and jars to put first on the class path
	 * @param jvmOptions options before the class path
	 * @param mainClass the main class
	 * @param arguments the program arguments
	 * @return the started JVM
	 * @throws IOException if it cannot be started
	 */
	public static TestJvm start(Path directory, List<Path> classPath, List<String> jvmOptions, String mainClass,
			String... arguments) throws IOException {
		return start(List.of(), directory, classPath, jvmOptions, mainClass, arguments);
	}

	private static TestJvm start(List<String> wrapper, Path directory, List<Path> classPath, List<String> jvmOptions,
			String mainClass, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(wrapper);
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		StringBuilder entries = new StringBuilder();
		classPath.forEach((entry) -> entries.append(entry).append(File.pathSeparator));
		command.add(entries + System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile(directory, "output", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.PIPE);
		builder.environment().remove(Supervisor.CHILD_ENVIRONMENT_VARIABLE);
		builder.environment().remove(ParentWatch.SUPERVISOR_PID_VARIABLE);
		return new TestJvm(builder.start(), output);
	}

	/**
	 * Compile one class into a class directory and give the class file a modification
	 * time in the future, so that each compilation is a change even on file systems with
	 * coarse timestamps.
	 * @param classes the class directory
	 * @param className the fully qualified name
	 * @param source the source code
	 * @param generation a number that grows with each compilation of the class
	 */
	public static void compile(Path classes, String className, String source, int generation) {
		try {
			Path sources = Files.createTempDirectory("sources");
			Path file = sources.resolve(className.replace('.', '/') + ".java");
			Files.createDirectories(file.getParent());
			Files.writeString(file, source, StandardCharsets.UTF_8);
			JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
			int result = compiler.run(null, null, null, "-d", classes.toString(), file.toString());
			assertThat(result).as("compilation of " + className).isZero();
			Path classFile = classes.resolve(className.replace('.', '/') + ".class");
			Files.setLastModifiedTime(classFile, java.nio.file.attribute.FileTime
				.fromMillis(System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(generation)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Process process() {
		return this.process;
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return everything the JVM (and its children) printed so far.
	 * @return the output
	 */
	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return how often the output contains the given text.
	 * @param text the text
	 * @return the count
	 */
	public int count(String text) {
		String output = output();
		int count = 0;
		for (int index = output.indexOf(text); index >= 0; index = output.indexOf(text, index + text.length())) {
			count++;
		}
		return count;
	}

	/**
	 * Wait until the output contains the given text the given number of times.
	 * @param text the text
	 * @param times how often
	 */
	public void awaitOutput(String text, int times) {
		await().atMost(PATIENCE)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(count(text)).as("'%s' in:%n%s", text, output()).isEqualTo(times));
	}

	/**
	 * Return the pid of the most recently started child of a supervisor that runs
	 * {@link SupervisedMain}.
	 * @return the pid
	 */
	public long latestChildPid() {
		Matcher matcher = CHILD_PID.matcher(output());
		long pid = -1;
		while (matcher.find()) {
			pid = Long.parseLong(matcher.group(1));
		}
		assertThat(pid).as("a child pid in:%n%s", output()).isPositive();
		return pid;
	}

	/**
	 * Wait for the JVM to exit.
	 * @return its exit code
	 * @throws InterruptedException if interrupted
	 */
	public int awaitExit() throws InterruptedException {
		boolean exited = this.process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(exited).as("exited; output:%n%s", output()).isTrue();
		return this.process.exitValue();
	}

	/**
	 * Send a signal to a process.
	 * @param signal the signal name, for example {@code INT}
	 * @param pid the process id, negative for a process group
	 * @throws Exception if {@code kill} fails
	 */
	public static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, "--", Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

	/**
	 * Return whether a process is alive.
	 * @param pid the process id
	 * @return {@code true} if it runs
	 */
	public static boolean isAlive(long pid) {
		Optional<ProcessHandle> handle = ProcessHandle.of(pid);
		return handle.isPresent() && handle.get().isAlive() && !isZombie(pid);
	}

	private static boolean isZombie(long pid) {
		try {
			String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Kill the JVM and its children if they still run, for a test's clean-up.
	 */
	public void destroy() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

}
