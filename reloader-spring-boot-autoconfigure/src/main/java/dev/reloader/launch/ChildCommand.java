package dev.reloader.launch;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The command line that starts a child JVM the way the current one was started: the same
 * java executable, JVM options, class path, main class (or {@code -jar} file, or main
 * module) and program arguments.
 *
 * @author Reloader contributors
 */
public final class ChildCommand {

	private final String javaExecutable;

	private final List<String> jvmOptions;

	private final Launch launch;

	private final String target;

	private final String classPath;

	private final String modulePath;

	private final List<String> arguments;

	private final Map<String, String> environment;

	private ChildCommand(String javaExecutable, List<String> jvmOptions, Launch launch, String target,
			String classPath, String modulePath, List<String> arguments, Map<String, String> environment) {
		this.javaExecutable = javaExecutable;
		this.jvmOptions = List.copyOf(jvmOptions);
		this.launch = launch;
		this.target = target;
		this.classPath = classPath;
		this.modulePath = modulePath;
		this.arguments = List.copyOf(arguments);
		this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
	}

	/**
	 * Describe how the current JVM was launched.
	 * @param arguments the program arguments to pass on
	 * @param fallbackMainClass the main class to use when the JVM does not say which one
	 * it ran (may be {@code null})
	 * @return the command for a child JVM
	 */
	public static ChildCommand ofCurrentJvm(List<String> arguments, Class<?> fallbackMainClass) {
		String javaExecutable = ProcessHandle.current()
			.info()
			.command()
			.orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
		return of(javaExecutable, jvmOptions, System::getProperty, System::getenv, arguments,
				(fallbackMainClass != null) ? fallbackMainClass.getName() : null);
	}

	/**
	 * Describe a launch from its parts, as the JVM reports them.
	 * @param javaExecutable the java executable
	 * @param jvmOptions the JVM's input arguments
	 * @param systemProperties the JVM's system properties ({@code java.class.path},
	 * {@code sun.java.command}, {@code jdk.module.main}, {@code jdk.module.path})
	 * @param arguments the program arguments
	 * @param fallbackMainClass the main class to use when {@code sun.java.command} is
	 * missing (may be {@code null})
	 * @return the command for a child JVM
	 */
	public static ChildCommand of(String javaExecutable, List<String> jvmOptions,
			Function<String, String> systemProperties, List<String> arguments, String fallbackMainClass) {
		return of(javaExecutable, jvmOptions, systemProperties, (name) -> null, arguments, fallbackMainClass);
	}

	/**
	 * Describe a launch from its parts, as the JVM reports them. Options that the JVM took
	 * from the {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} and
	 * {@code _JAVA_OPTIONS} environment variables appear among its input arguments; they
	 * are left out of the child's options, since the child inherits the variables, unless
	 * they cannot be told apart, in which case the variable is removed for the child.
	 * @param javaExecutable the java executable
	 * @param jvmOptions the JVM's input arguments
	 * @param systemProperties the JVM's system properties
	 * @param environment the JVM's environment variables
	 * @param arguments the program arguments
	 * @param fallbackMainClass the main class to use when {@code sun.java.command} is
	 * missing (may be {@code null})
	 * @return the command for a child JVM
	 */
	public static ChildCommand of(String javaExecutable, List<String> jvmOptions,
			Function<String, String> systemProperties, 			Function<String, String> environment, List<String> arguments, String fallbackMainClass) {
		Objects.requireNonNull(javaExecutable, "'javaExecutable' must not be null");
		Objects.requireNonNull(jvmOptions, "'jvmOptions' must not be null");
		Objects.requireNonNull(arguments, "'arguments' must not be null");
		String classPath = systemProperties.apply("java.class.path");
		String command = systemProperties.apply("sun.java.command");
		String mainModule = systemProperties.apply("jdk.module.main");
		String modulePath = systemProperties.apply("jdk.module.path");
		EnvironmentOptions environmentOptions = EnvironmentOptions.of(jvmOptions, environment);
		List<String> options = environmentOptions.commandLineOptions();
		Map<String, String> childEnvironment = environmentOptions.childEnvironment();
		if (mainModule != null) {
			String mainClass = systemProperties.apply("jdk.module.main.class");
			String target = (mainClass != null) ? mainModule + "/" + mainClass : mainModule;
			return new ChildCommand(javaExecutable, withoutModuleOptions(options), Launch.MODULE, target,
					emptyToNull(classPath), modulePath, arguments, childEnvironment);
		}
		if (command != null && !command.isBlank()) {
			if (classPath != null && classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
					&& command.startsWith(classPath)) {
				return new ChildCommand(javaExecutable, options, Launch.JAR, classPath, null, null, arguments,
						childEnvironment);
			}
			String mainClass = command.strip().split("\\s+", 2)[0];
			return new ChildCommand(javaExecutable, options, Launch.MAIN_CLASS, mainClass, classPath, null, arguments,
					childEnvironment);
		}
		if (fallbackMainClass == null) {
			throw new IllegalStateException(
					"Cannot tell how this JVM was launched: the system property 'sun.java.command' is not set");
		}
		return new ChildCommand(javaExecutable, options, Launch.MAIN_CLASS, fallbackMainClass, classPath, null,
				arguments, childEnvironment);
	}

	/**
	 * Leave out what the JVM reports for {@code -m} and {@code --module-path}: the child
	 * command line states both itself.
	 */
	private static List<String> withoutModuleOptions(List<String> options) {
		List<String> result = new ArrayList<>();
		for (String option : options) {
			if (!option.startsWith("-Djdk.module.") && !option.startsWith("--module-path=")) {
				result.add(option);
			}
		}
		return result;
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	public String getJavaExecutable() {
		return this.javaExecutable;
	}

	public List<String> getJvmOptions() {
		return this.jvmOptions;
	}

	/**
	 * Return the environment variables to set for the child on top of the current ones; a
	 * {@code null} value removes a variable.
	 * @return the changes to the environment
	 */
	public Map<String, String> getEnvironment() {
		return this.environment;
	}

	/**
	 * Return the class path entries of the current JVM.
	 * @return the entries of {@code java.class.path}
	 */
	public static List<Path> classPathOfCurrentJvm() {
		return splitClassPath(System.getProperty("java.class.path"));
	}

	private static List<Path> splitClassPath(String classPath) {
		if (classPath == null || classPath.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(classPath.split(File.pathSeparator))
			.filter((entry) -> !entry.isEmpty())
			.map(Paths::get)
			.toList();
	}

	/**
	 * Return the class path entries of the child, empty for a {@code -jar} launch.
	 * @return the class path entries
	 */
	public List<Path> getClassPathEntries() {
		return splitClassPath(this.classPath);
	}

	/**
	 * Return whether the current JVM was started with {@code java -jar}.
	 * @return {@code true} for a jar launch
	 */
	public boolean isJarLaunch() {
		return this.launch == Launch.JAR;
	}

	/**
	 * Return the main class, the jar, or the main module, depending on the launch.
	 * @return what the JVM runs
	 */
	public String getTarget() {
		return this.target;
	}

	public List<String> getArguments() {
		return this.arguments;
	}

	/**
	 * Return a copy with other JVM options.
	 * @param jvmOptions the options
	 * @return a new command
	 */
	public ChildCommand withJvmOptions(List<String> jvmOptions) {
		return new ChildCommand(this.javaExecutable, jvmOptions, this.launch, this.target, this.classPath,
				this.modulePath, this.arguments, this.environment);
	}

	/**
	 * Return whether the current JVM was started with a main class (not {@code -jar}, not
	 * a main module).
	 * @return {@code true} for a main class launch
	 */
	public boolean isMainClassLaunch() {
		return this.launch == Launch.MAIN_CLASS;
	}

	/**
	 * Return a copy that runs another main class with other arguments, on the same class
	 * path and JVM options.
	 * @param mainClass the main class
	 * @param arguments the program arguments
	 * @return a new command
	 */
	public ChildCommand withMainClass(String mainClass, List<String> arguments) {
		if (this.launch != Launch.MAIN_CLASS) {
			throw new IllegalStateException("Only a main class launch can run another main class");
		}
		return new ChildCommand(this.javaExecutable, this.jvmOptions, this.launch, mainClass, this.classPath,
				this.modulePath, arguments, this.environment);
	}

	/**
	 * Return a copy that sets an environment variable for the child.
	 * @param name the name of the variable
	 * @param value its value
	 * @return a new command
	 */
	public ChildCommand withEnvironmentVariable(String name, String value) {
		Map<String, String> environment = new LinkedHashMap<>(this.environment);
		environment.put(name, value);
		return new ChildCommand(this.javaExecutable, this.jvmOptions, this.launch, this.target, this.classPath,
				this.modulePath, this.arguments, environment);
	}

	/**
	 * Return a copy with another class path.
	 * @param classPath the class path entries
	 * @return a new command
	 */
	public ChildCommand withClassPath(List<Path> classPath) {
		List<String> entries = new ArrayList<>();
		classPath.forEach((entry) -> entries.add(entry.toString()));
		return new ChildCommand(this.javaExecutable, this.jvmOptions, this.launch, this.target,
				String.join(File.pathSeparator, entries), this.modulePath, this.arguments, this.environment);
	}

	/**
	 * Return the full command line.
	 * @return the command and its arguments
	 */
	public List<String> toCommandLine() {
		List<String> line = new ArrayList<>();
		line.add(this.javaExecutable);
		line.addAll(this.jvmOptions);
		switch (this.launch) {
			case JAR -> {
				line.add("-jar");
				line.add(this.target);
			}
			case MODULE -> {
				if (this.modulePath != null) {
					line.add("--module-path");
					line.add(this.modulePath);
				}
				if (this.classPath != null) {
					line.add("-cp");
					line.add(this.classPath);
				}
				line.add("-m");
				line.add(this.target);
			}
			case MAIN_CLASS -> {
				if (this.classPath != null && !this.classPath.isEmpty()) {
					line.add("-cp");
					line.add(this.classPath);
				}
				line.add(this.target);
			}
		}
		line.addAll(this.arguments);
		return line;
	}

	@Override
	public String toString() {
		return String.join(" ", toCommandLine());
	}

	private enum Launch {

		MAIN_CLASS, JAR, MODULE

	}

}
