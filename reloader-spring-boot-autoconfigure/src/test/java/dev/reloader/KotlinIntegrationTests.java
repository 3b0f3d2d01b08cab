package dev.reloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.SpringBootRun.count;
import static dev.reloader.SpringBootRun.freePort;
import static dev.reloader.SpringBootRun.get;
import static dev.reloader.SpringBootRun.mvn;
import static dev.reloader.SpringBootRun.starterJar;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of a Kotlin application built with kotlin-maven-plugin: launched with
 * {@code mvn spring-boot:run}, its Kotlin controller changed and recompiled with
 * {@code mvn compile} in a second process, and the new answer served.
 *
 * @author Reloader contributors
 */
@EnabledOnOs(OS.LINUX)
class KotlinIntegrationTests {

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
	void kotlinControllerChangedAndRecompiledIsServed() throws Exception {
		Path project = Files.createDirectories(this.directory.resolve("project"));
		Files.writeString(project.resolve("pom.xml"), pom());
		Path sources = Files.createDirectories(project.resolve("src/main/kotlin/com/example/reload"));
		Files.writeString(sources.resolve("DemoApplication.kt"), application());
		Files.writeString(sources.resolve("GreetingController.kt"), controller("kotlin v1"));
		Path starter = starterJar(this.directory.resolve("reloader-spring-boot-autoconfigure.jar"));
		int port = freePort();
		Path output = this.directory.resolve("output.log");
		this.maven = SpringBootRun.start(project.resolve("pom.xml"), starter, port, output);
		await().atMost(Duration.ofMinutes(6)).until(() -> get(port), "kotlin v1"::equals);
		await().atMost(Duration.ofMinutes(1)).until(() -> count(output, "Watching for file changes with ") >= 1);

		Files.writeString(sources.resolve("GreetingController.kt"), controller("kotlin v2"));
		Process compile = new ProcessBuilder(mvn(), "-B", "-q", "-o", "-f",
				project.resolve("pom.xml").toString(), "compile")
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("compile.log").toFile())
			.start();
		assertThat(compile.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(compile.exitValue()).as(() -> read(this.directory.resolve("compile.log"))).isZero();
		await().until(() -> get(port), "kotlin v2"::equals);
		assertThat(count(output, "Reloading")).isOne();

		this.maven.destroy();
		await().until(() -> this.maven.descendants().noneMatch(ProcessHandle::isAlive));
	}

	private static String pom() {
		String bootVersion = org.springframework.boot.SpringBootVersion.getVersion();
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0">
					<modelVersion>4.0.0</modelVersion>
					<groupId>com.example</groupId>
					<artifactId>reload-kotlin-demo</artifactId>
					<version>1.0</version>
					<properties>
						<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
						<kotlin.version>2.2.21</kotlin.version>
						<!-- In process: a compile daemon would outlive the test by hours -->
						<kotlin.compiler.daemon>false</kotlin.compiler.daemon>
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
						<dependency>
							<groupId>org.jetbrains.kotlin</groupId>
							<artifactId>kotlin-stdlib</artifactId>
						</dependency>
						<dependency>
							<groupId>org.jetbrains.kotlin</groupId>
							<artifactId>kotlin-reflect</artifactId>
						</dependency>
					</dependencies>
					<build>
						<sourceDirectory>src/main/kotlin</sourceDirectory>
						<plugins>
							<plugin>
								<groupId>org.jetbrains.kotlin</groupId>
								<artifactId>kotlin-maven-plugin</artifactId>
								<version>${kotlin.version}</version>
								<configuration>
									<jvmTarget>17</jvmTarget>
								</configuration>
								<executions>
									<execution>
										<id>compile</id>
										<phase>compile</phase>
										<goals>
											<goal>compile</goal>
										</goals>
									</execution>
								</executions>
							</plugin>
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
								<configuration>
									<mainClass>com.example.reload.DemoApplicationKt</mainClass>
								</configuration>
							</plugin>
						</plugins>
					</build>
				</project>
				""".formatted(bootVersion);
	}

	private static String application() {
		return """
				package com.example.reload

				import org.springframework.boot.autoconfigure.SpringBootApplication
				import org.springframework.boot.runApplication

				@SpringBootApplication(proxyBeanMethods = false)
				class DemoApplication

				fun main(args: Array<String>) {
					runApplication<DemoApplication>(*args)
				}
				""";
	}

	private static String controller(String greeting) {
		return """
				package com.example.reload

				import org.springframework.web.bind.annotation.GetMapping
				import org.springframework.web.bind.annotation.RestController

				@RestController
				class GreetingController {

					@GetMapping("/")
					fun greeting(): String = "%s"

				}
				""".formatted(greeting);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

}
