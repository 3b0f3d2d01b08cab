package dev.reloader.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reloader.launch.TestJvm;
import dev.reloader.launch.springapp.SpringChildApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link SupervisorLaunchListener} with a real Spring Boot application, launched
 * with a plain {@code SpringApplication.run} in its own JVM, which logs the classes that
 * each JVM of the tree loads.
 *
 * @author Reloader contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class SupervisorLaunchListenerProcessTests {

	private static final Pattern APPLICATION_PID = Pattern.compile("Application started \\(pid (\\d+)\\)");

	/**
	 * One of Spring Boot's background preinitializers, loaded in the thread that
	 * receives the prepared environment, before the preinitialization's own thread
	 * starts.
	 */
	private static final String PREINITIALIZER = "org.springframework.boot.autoconfigure.preinitialize."
			+ "CharsetsBackgroundPreinitializer";

	@TempDir
	Path directory;

	@TempDir
	Path classes;

	private TestJvm application;

	@AfterEach
	void destroy() {
		if (this.application != null) {
			this.application.destroy();
		}
	}

	@Test
	void supervisorLogsButLeavesOutTheBackgroundPreinitializationThatTheChildRuns() throws Exception {
		assumeTrue(Runtime.getRuntime().availableProcessors() > 1,
				"Spring Boot preinitializes in the background only with more than one processor");
		Path classLogs = Files.createDirectory(this.directory.resolve("class-logs"));
		this.application = TestJvm.start(this.directory, jarsFirst(),
				List.of("-Xlog:class+load=info:file=" + classLogs.resolve("classes-%p.log")),
				SpringChildApplication.class.getName());
		this.application.awaitOutput("Application started", 1);
		long child = applicationPid();
		assertThat(child).isNotEqualTo(this.application.pid());
		await().atMost(TestJvm.PATIENCE)
			.untilAsserted(() -> assertThat(loadedClasses(classLogs, child)).contains(PREINITIALIZER));
		assertThat(loadedClasses(classLogs, this.application.pid()))
			.doesNotContain(PREINITIALIZER)
			.contains(SupervisorLaunchListener.class.getName());
		assertThat(this.application.count("Running the application in a child JVM that restarts when its files "
				+ "change (supervisor pid " + this.application.pid() + ")")).isOne();
	}

	/**
	 * The class path with the jars before the class directories, the reloader's own
	 * among them, as a build puts the starter after Spring Boot's jars: Spring Boot's
	 * listeners then come before the reloader's among those of the same order.
	 */
	private List<Path> jarsFirst() {
		List<Path> classPath = new ArrayList<>();
		classPath.add(this.classes);
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!Files.isDirectory(Path.of(entry))) {
				classPath.add(Path.of(entry));
			}
		}
		return classPath;
	}

	private long applicationPid() {
		Matcher matcher = APPLICATION_PID.matcher(this.application.output());
		assertThat(matcher.find()).as(this.application.output()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static String loadedClasses(Path classLogs, long pid) throws IOException {
		Path log = classLogs.resolve("classes-" + pid + ".log");
		return Files.exists(log) ? Files.readString(log) : "";
	}

}
