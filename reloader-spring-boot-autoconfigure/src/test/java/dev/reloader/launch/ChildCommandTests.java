package dev.reloader.launch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildCommand}. The system properties and input arguments used here are
 * what real JVMs report for each way of launching them.
 *
 * @author Reloader contributors
 */
class ChildCommandTests {

	private final Map<String, String> properties = new HashMap<>();

	private final Map<String, String> environment = new HashMap<>();

	@Test
	void mainClassLaunchKeepsOptionsClassPathAndArguments() {
		this.properties.put("java.class.path", "/app/classes:/m2/lib.jar");
		this.properties.put("sun.java.command", "com.example.App a b ü");
		ChildCommand command = command(
				List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx100m", "-XX:+UseSerialGC", "-Dx=1"),
				List.of("a b", "ü", "--name=Zoë"));
		assertThat(command.toCommandLine()).containsExactly("java", "--add-opens=java.base/java.lang=ALL-UNNAMED",
				"-Xmx100m", "-XX:+UseSerialGC", "-Dx=1", "-cp", "/app/classes:/m2/lib.jar", "com.example.App", "a b",
				"ü", "--name=Zoë");
		assertThat(command.getEnvironment()).isEmpty();
	}

	@Test
	void argumentFileLaunchIsRebuiltFromWhatTheJvmExpanded() {
		// java @args.txt: the launcher expands the file, the JVM reports options and class path
		this.properties.put("java.class.path", "/my project/target/classes");
		this.properties.put("sun.java.command", "com.example.App");
		ChildCommand command = command(List.of("-Dx=1", "-javaagent:/agents/agent.jar=opt"), List.of());
		assertThat(command.toCommandLine()).containsExactly("java", "-Dx=1", "-javaagent:/agents/agent.jar=opt", "-cp",
				"/my project/target/classes", "com.example.App");
	}

	@Test
	void jarLaunchWithSpacesInThePath() {
		this.properties.put("java.class.path", "sp ace/app.jar");
		this.properties.put("sun.java.command", "sp ace/app.jar --port=1");
		ChildCommand command = command(List.of("-Xmx64m"), List.of("--port=1"));
		assertThat(command.isJarLaunch()).isTrue();
		assertThat(command.toCommandLine()).containsExactly("java", "-Xmx64m", "-jar", "sp ace/app.jar", "--port=1");
	}

	@Test
	void singleJarOnTheClassPathWithAMainClassIsNotAJarLaunch() {
		this.properties.put("java.class.path", "app.jar");
		this.properties.put("sun.java.command", "com.example.App");
		ChildCommand command = command(List.of(), List.of());
		assertThat(command.isJarLaunch()).isFalse();
		assertThat(command.toCommandLine()).containsExactly("java", "-cp", "app.jar", "com.example.App");
	}

	@Test
	void moduleLaunchStatesTheModulePathOnce() {
		// java --module-path mods --add-modules java.sql -cp out -m app/com.example.App x
		this.properties.put("java.class.path", "out");
		this.properties.put("sun.java.command", "app/com.example.App x");
		this.properties.put("jdk.module.main", "app");
		this.properties.put("jdk.module.main.class", "com.example.App");
		this.properties.put("jdk.module.path", "mods");
		ChildCommand command = command(
				List.of("--module-path=mods", "--add-modules=java.sql", "-Djdk.module.main=app"), List.of("x"));
		assertThat(command.toCommandLine()).containsExactly("java", "--add-modules=java.sql", "--module-path", "mods",
				"-cp", "out", "-m", "app/com.example.App", "x");
	}

	@Test
	void optionsFromEnvironmentVariablesAreLeftToTheInheritedVariables() {
		// JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, command line, _JAVA_OPTIONS: as a real JVM reports them
		this.environment.put("JAVA_TOOL_OPTIONS", "-Dt=1 '-Dq=a b'");
		this.environment.put("JDK_JAVA_OPTIONS", "-Dj=1 \"-Dk=x y\"");
		this.environment.put("_JAVA_OPTIONS", "-Du=1");
		this.properties.put("java.class.path", "classes");
		this.properties.put("sun.java.command", "com.example.App");
		ChildCommand command = command(List.of("-Dt=1", "-Dq=a b", "-Dj=1", "-Dk=x y", "-Dy=2", "-Du=1"), List.of());
		assertThat(command.getJvmOptions()).containsExactly("-Dy=2");
		assertThat(command.getEnvironment()).isEmpty();
	}

	@Test
	void environmentVariableWhoseOptionsCannotBeFoundIsRemovedForTheChild() {
		this.environment.put("JAVA_TOOL_OPTIONS", "-Dother=1");
		this.properties.put("java.class.path", "classes");
		this.properties.put("sun.java.command", "com.example.App");
		ChildCommand command = command(List.of("-Dt=1", "-Dy=2"), List.of());
		assertThat(command.getJvmOptions()).containsExactly("-Dt=1", "-Dy=2");
		assertThat(command.getEnvironment()).containsEntry("JAVA_TOOL_OPTIONS", null);
	}

	@Test
	void environmentOptionsAreSplitLikeTheJvmSplitsThem() {
		assertThat(EnvironmentOptions.tokens("  -Da=1\t'-Db=x y' \"-Dc=it's\" -Dd=\"q r\"")).containsExactly("-Da=1",
				"-Db=x y", "-Dc=it's", "-Dd=q r");
		assertThat(EnvironmentOptions.tokens(null)).isEmpty();
	}

	@Test
	void missingJavaCommandFallsBackToTheMainClass() {
		this.properties.put("java.class.path", "classes");
		ChildCommand command = ChildCommand.of("java", List.of(), this.properties::get, this.environment::get,
				List.of(), "com.example.Fallback");
		assertThat(command.getTarget()).isEqualTo("com.example.Fallback");
	}

	private ChildCommand command(List<String> jvmOptions, List<String> arguments) {
		return ChildCommand.of("java", jvmOptions, this.properties::get, this.environment::get, arguments, null);
	}

}
