package dev.reloader;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.tools.ToolProvider;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static dev.reloader.ReloadingApplicationIntegrationTests.controller;
import static dev.reloader.SpringBootRun.count;
import static dev.reloader.SpringBootRun.freePort;
import static dev.reloader.SpringBootRun.get;
import static dev.reloader.SpringBootRun.mvn;
import static dev.reloader.SpringBootRun.starterJar;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of an application launched with {@code mvn spring-boot:run}: a Maven
 * project in a temporary directory, with this module's classes packaged into a jar and
 * added to the forked JVM's class path as the starter would be. Nothing is installed into
 * a Maven repository.
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class SpringBootRunIntegrationTests {

	@TempDir
	Path directory;

	private Process maven;

	@AfterEach
	void destroy() {
		if (this.maven != null) {
			this.maven.descendants().forEach(ProcessHandle::destroyForcibly);
			this.maven.destroyForcibly();
		}
	}

	@Test
	void applicationLaunchedWithSpringBootRunReloadsAndStopsWithMaven() throws Exception {
		Path project = Files.createDirectories(this.directory.resolve("project"));
		Files.writeString(project.resolve("pom.xml"), pom());
		Path sources = project.resolve("src/main/java/com/example/reload");
		Files.createDirectories(sources);
		Files.writeString(sources.resolve("DemoApplication.java"),
				application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
		Files.writeString(sources.resolve("GreetingController.java"), controller("from spring-boot:run"));
		Path starter = starterJar(this.directory.resolve("reloader-spring-boot-autoconfigure.jar"));
		int port = freePort();
		Path output = this.directory.resolve("output.log");
		this.maven = SpringBootRun.start(project.resolve("pom.xml"), starter, port, output);
		await().atMost(Duration.ofMinutes(4)).until(() -> get(port), "from spring-boot:run"::equals);
		await().untilAsserted(() -> assertThat(coldChildren()).hasSize(1));
		List<ProcessHandle> children = coldChildren();
		assertThat(commandLine(children.get(0).pid())).as("the child keeps spring-boot:run's JVM options")
			.contains("-XX:TieredStopAtLevel=1");

		// The web server answers before the reloader watches
		await().atMost(Duration.ofMinutes(1)).until(() -> count(output, "Watching for file changes with ") >= 1);
		Path classes = project.resolve("target/classes");
		Files.writeString(sources.resolve("GreetingController.java"), controller("reloaded"));
		compile(sources.resolve("GreetingController.java"), classes, starter);
		await().until(() -> get(port), "reloaded"::equals);
		assertThat(count(output, "Reloading")).isOne();
		assertThat(children.get(0).isAlive()).isFalse();

		List<ProcessHandle> tree = this.maven.descendants().toList();
		this.maven.destroy();
		await().until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
	}

	private List<ProcessHandle> coldChildren() {
		return this.maven.descendants()
			.filter((handle) -> TestApplication.isReloaderChild(handle.pid()) && !TestApplication.isStandby(handle.pid()))
			.toList();
	}

	private static String pom() {
		String bootVersion = org.springframework.boot.SpringBootVersion.getVersion();
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0">
					<modelVersion>4.0.0</modelVersion>
					<groupId>com.example</groupId>
					<artifactId>reload-demo</artifactId>
					<version>1.0</version>
					<properties>
						<maven.compiler.release>17</maven.compiler.release>
						<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
					</properties>
					<dependencyManagement>
						<dependencies>
							<dependency>
								<groupId>org.springframework.boot</groupId>
								<artifactId>spring-boot-dependencies</artifactId>
								<version>%1$s</version>
								<type>pom</type>
								<scope>import</scope>
							</dependency>
						</dependencies>
					</dependencyManagement>
					<dependencies>
						<dependency>
							<groupId>org.springframework.boot</groupId>
							<artifactId>spring-boot-starter-webmvc</artifactId>
						</dependency>
					</dependencies>
					<build>
						<plugins>
							<plugin>
								<groupId>org.apache.maven.plugins</groupId>
								<artifactId>maven-resources-plugin</artifactId>
								<version>3.3.1</version>
							</plugin>
							<plugin>
								<groupId>org.apache.maven.plugins</groupId>
								<artifactId>maven-compiler-plugin</artifactId>
								<version>3.14.0</version>
							</plugin>
							<plugin>
								<groupId>org.springframework.boot</groupId>
								<artifactId>spring-boot-maven-plugin</artifactId>
								<version>%1$s</version>
							</plugin>
						</plugins>
					</build>
				</project>
				""".formatted(bootVersion);
	}

	/**
	 * Package this module's classes and resources into a jar, as the starter's
	 * dependency would bring them.
	 */
	private static void compile(Path source, Path classes, Path starter) throws IOException {
		List<String> classPath = new ArrayList<>(List.of(classes.toString(), starter.toString()));
		classPath.addAll(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
		int result = ToolProvider.getSystemJavaCompiler()
			.run(null, null, null, "-d", classes.toString(), "-proc:none", "-parameters", "-classpath",
					String.join(File.pathSeparator, classPath), source.toString());
		assertThat(result).isZero();
		Path classFile = classes.resolve("com/example/reload/GreetingController.class");
		Files.setLastModifiedTime(classFile, FileTime.fromMillis(System.currentTimeMillis() + 2000));
	}

	private static String commandLine(long pid) throws IOException {
		byte[] cmdline = Files.readAllBytes(Paths.get("/proc", Long.toString(pid), "cmdline"));
		return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

}
