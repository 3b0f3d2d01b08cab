package dev.reloader.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Activation}.
 *
 * @author Reloader contributors
 */
class ActivationTests {

	private static final StackTraceElement[] MAIN_STACK = {
			new StackTraceElement("org.springframework.boot.SpringApplication", "run", null, 1),
			new StackTraceElement("com.example.DemoApplication", "main", null, 1) };

	@TempDir
	Path classes;

	@Test
	void onForAnApplicationLaunchedFromClassDirectories() {
		assertThat(Activation.inactiveReason(null, mainClassLaunch(), MAIN_STACK)).isNull();
	}

	@Test
	void offWhenDisabled() {
		assertThat(Activation.inactiveReason(false, mainClassLaunch(), MAIN_STACK))
			.isEqualTo("reloader.enabled is false");
	}

	@Test
	void offInTests() {
		StackTraceElement[] stack = { new StackTraceElement("com.example.DemoApplication", "main", null, 1),
				new StackTraceElement("org.junit.platform.launcher.core.DefaultLauncher", "execute", null, 1) };
		assertThat(Activation.inactiveReason(null, mainClassLaunch(), stack)).startsWith("the application runs in a test");
	}

	@Test
	void offInThisTestRun() {
		assertThat(Activation.inactiveReason(null, mainClassLaunch(), new Throwable().getStackTrace()))
			.contains("runs in a test");
	}

	@Test
	void offForJarLaunchUnlessForced() {
		ChildCommand jar = ChildCommand.of("java", List.of(), Map.of("java.class.path", "app.jar", "sun.java.command",
				"app.jar --server.port=0")::get, List.of(), null);
		assertThat(Activation.inactiveReason(null, jar, MAIN_STACK)).contains("packaged jar");
		assertThat(Activation.inactiveReason(true, jar, MAIN_STACK)).isNull();
	}

	@Test
	void offForSpringBootLoaderLaunch() {
		ChildCommand loader = ChildCommand.of("java", List.of(), Map.of("java.class.path", this.classes.toString(),
				"sun.java.command", "org.springframework.boot.loader.launch.JarLauncher")::get, List.of(), null);
		assertThat(Activation.inactiveReason(null, loader, MAIN_STACK)).contains("packaged jar");
	}

	@Test
	void offWhenNoDirectoryIsOnTheClassPath() {
		ChildCommand jarsOnly = ChildCommand.of("java", List.of(),
				Map.of("java.class.path", "a.jar:b.jar", "sun.java.command", "com.example.DemoApplication")::get,
				List.of(), null);
		assertThat(Activation.inactiveReason(null, jarsOnly, MAIN_STACK)).startsWith("no directory on the class path");
	}

	@Test
	void onForAnApplicationLaunchedThroughAPathingJar() throws IOException {
		Path pathingJar = this.classes.resolveSibling(this.classes.getFileName() + "-classpath.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, this.classes.toUri().toString());
		try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(pathingJar), manifest)) {
			// The manifest is all a pathing jar holds
		}
		try {
			ChildCommand launch = ChildCommand.of("java", List.of(), Map.of("java.class.path", pathingJar.toString(),
					"sun.java.command", "com.example.DemoApplication")::get, List.of(), null);
			assertThat(Activation.inactiveReason(null, launch, MAIN_STACK)).isNull();
		}
		finally {
			Files.delete(pathingJar);
		}
	}

	private ChildCommand mainClassLaunch() {
		return ChildCommand.of("java", List.of(),
				Map.of("java.class.path", this.classes.toString(), "sun.java.command", "com.example.DemoApplication")::get,
				List.of(), null);
	}

}
