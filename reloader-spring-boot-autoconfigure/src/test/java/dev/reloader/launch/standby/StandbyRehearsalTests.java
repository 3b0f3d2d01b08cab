package dev.reloader.launch.standby;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.tools.ToolProvider;

import dev.reloader.launch.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StandbyRehearsal}, each in a JVM of its own with an application the
 * test compiles.
 *
 * @author Reloader contributors
 */
class StandbyRehearsalTests {

	@TempDir
	Path directory;

	private TestJvm jvm;

	@AfterEach
	void stop() {
		if (this.jvm != null) {
			this.jvm.destroy();
		}
	}

	@Test
	void realRunSeesTheClassFilesAsTheyAreAfterTheRehearsalAndNoneOfItsClasses() throws Exception {
		Path classes = Files.createDirectory(this.directory.resolve("classes"));
		compile(List.of(classes), Map.of("app.RehearsedApplication", RehearsalSources.application(""), "app.Greeting",
				RehearsalSources.greeting("v1"), "app.GreetingUser", RehearsalSources.greetingUser()));
		this.jvm = TestJvm.start(this.directory, classes, List.of(), RehearsalClassesMain.class.getName(),
				classes.toString());
		assertThat(this.jvm.awaitExit()).as(this.jvm.output()).isZero();
		assertThat(this.jvm.output()).contains("rehearsed: threads-left=[]")
			.contains("real run: greeting=v2 user=v2? system-loader=true")
			.doesNotContain("cannot be cast");
	}

	@Test
	void rehearsalsLeaveTheDatabaseThePortAndTheDiskAlone() throws Exception {
		Path markers = Files.createDirectory(this.directory.resolve("markers"));
		Path classes = compileDatabaseApplication(markers, "");
		rehearse(classes, markers, 3, true);
		String output = this.jvm.output();
		assertThat(output).contains("rehearsal 1: completed", "rehearsal 2: completed", "rehearsal 3: completed")
			.contains("after rehearsals: data=[1:Ada, 2:Grace, 3:Barbara] tables=[CUSTOMER] markers=[]");
		// The same configuration outside a rehearsal drops the table (at its start and again
		// at its close), logs to the file, runs the runner and, as it closes, the bean's
		// @PreDestroy method: what the rehearsals were kept from
		assertThat(output)
			.containsPattern(
					"after the real run: data=\\[no table: [0-9]+\\] markers=\\[application.log, closed, runner.*\\]");
	}

	@Test
	void rehearsalOfAnApplicationThatWritesToTheDatabaseAsItStartsFailsWithoutConnecting() throws Exception {
		Path markers = Files.createDirectory(this.directory.resolve("markers"));
		Path classes = compileDatabaseApplication(markers, "");
		compile(jpaClassPath(classes), Map.of("app.EagerWriter", """
				package app;
				@org.springframework.stereotype.Component
				public class EagerWriter {
					public EagerWriter(CustomerRepository customers) {
						Customer customer = new Customer();
						customer.setId(4L);
						customer.setName("Eager");
						customers.save(customer);
					}
				}
				"""));
		rehearse(classes, markers, 2, false);
		assertThat(this.jvm.output())
			.contains("rehearsal 1: failed: Rehearsal stopped: it tried to connect to the database of data source")
			.contains("rehearsal 2: failed: Rehearsal stopped: it tried to connect")
			.contains("after rehearsals: data=[1:Ada, 2:Grace, 3:Barbara] tables=[CUSTOMER] markers=[]");
	}

	@Test
	void applicationWithAClientThatConnectsAsItIsCreatedIsNotRehearsed() throws Exception {
		Path markers = Files.createDirectory(this.directory.resolve("markers"));
		Path classes = compileDatabaseApplication(markers, "");
		// A class of that name is all it takes: nothing of it is loaded
		compile(jpaClassPath(classes), Map.of("com.mongodb.client.MongoClient", """
				package com.mongodb.client;
				public interface MongoClient {
				}
				"""));
		rehearse(classes, markers, 1, false);
		assertThat(this.jvm.output())
			.contains("rehearsal 1: failed: Rehearsal left out: com.mongodb.client.MongoClient is on the class path "
					+ "(the MongoDB client connects as it is created)")
			.contains("after rehearsals: data=[1:Ada, 2:Grace, 3:Barbara] tables=[CUSTOMER] markers=[]");
	}

	@Test
	void rehearsalTurnedOffByTheApplicationDoesNotStart() throws Exception {
		Path markers = Files.createDirectory(this.directory.resolve("markers"));
		Path classes = compileDatabaseApplication(markers, "reloader.child.standby-rehearsal=false");
		rehearse(classes, markers, 1, false);
		assertThat(this.jvm.output())
			.contains("rehearsal 1: failed: Rehearsal is off (reloader.child.standby-rehearsal=false)")
			.contains("after rehearsals: data=[1:Ada, 2:Grace, 3:Barbara] tables=[CUSTOMER] markers=[]");
	}

	/**
	 * Run the given number of rehearsals of the application in a JVM of its own, which
	 * holds the database open and the port bound as the running application would, and
	 * wait for it to end.
	 */
	private void rehearse(Path classes, Path markers, int rehearsals, boolean thenRealRun) throws Exception {
		this.jvm = TestJvm.start(this.directory, jpaClassPath(classes), List.of(),
				RehearsalDatabaseMain.class.getName(), databaseUrl(), Integer.toString(freePort(classes)),
				Integer.toString(rehearsals), markers.toString(), thenRealRun ? "then-real-run" : "rehearsals-only");
		assertThat(this.jvm.awaitExit()).as(this.jvm.output()).isZero();
	}

	private String databaseUrl() {
		return "jdbc:h2:file:" + this.directory.resolve("db").resolve("app") + ";AUTO_SERVER=TRUE";
	}

	private Path compileDatabaseApplication(Path markers, String extraProperties) throws IOException {
		Path classes = Files.createDirectory(this.directory.resolve("classes"));
		Map<String, String> sources = new LinkedHashMap<>();
		sources.put("app.RehearsedApplication",
				RehearsalSources.application("@org.springframework.scheduling.annotation.EnableScheduling"));
		sources.put("app.Customer", """
				package app;
				@jakarta.persistence.Entity
				public class Customer {
					@jakarta.persistence.Id
					private Long id;
					private String name;
					public Long getId() { return this.id; }
					public void setId(Long id) { this.id = id; }
					public String getName() { return this.name; }
					public void setName(String name) { this.name = name; }
				}
				""");
		sources.put("app.CustomerRepository", """
				package app;
				public interface CustomerRepository
						extends org.springframework.data.jpa.repository.JpaRepository<Customer, Long> {
				}
				""");
		sources.put("app.Ticker", """
				package app;
				@org.springframework.stereotype.Component
				public class Ticker {
					@org.springframework.scheduling.annotation.Scheduled(fixedRate = 10)
					public void tick() throws Exception {
						java.nio.file.Files.writeString(java.nio.file.Path.of("%s", "scheduled"), "tick");
					}
				}
				""".formatted(markers));
		sources.put("app.Closer", """
				package app;
				@org.springframework.stereotype.Component
				public class Closer {
					@jakarta.annotation.PreDestroy
					public void close() throws Exception {
						java.nio.file.Files.writeString(java.nio.file.Path.of("%s", "closed"), "closed");
					}
				}
				""".formatted(markers));
		sources.put("app.Runner", """
				package app;
				@org.springframework.stereotype.Component
				public class Runner implements org.springframework.boot.ApplicationRunner {
					public void run(org.springframework.boot.ApplicationArguments args) throws Exception {
						java.nio.file.Files.writeString(java.nio.file.Path.of("%s", "runner"), "ran");
					}
				}
				""".formatted(markers));
		compile(jpaClassPath(classes), sources);
		Files.writeString(classes.resolve("data.sql"), "insert into customer (id, name) values (9, 'Script');\n");
		Files.writeString(classes.resolve("application.properties"), String.join("\n",
				"spring.datasource.url=" + databaseUrl(), "spring.datasource.username=sa",
				"spring.jpa.hibernate.ddl-auto=create-drop", "spring.sql.init.mode=always",
				"spring.jpa.defer-datasource-initialization=true",
				"logging.file.name=" + markers.resolve("application.log"), "server.port=${test.port}",
				extraProperties, ""));
		return classes;
	}

	/**
	 * Pick a port for the application; the JVM under test holds it while it rehearses,
	 * so that a rehearsal that bound it would fail.
	 */
	private int freePort(Path classes) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path properties = classes.resolve("application.properties");
		Files.writeString(properties, Files.readString(properties).replace("${test.port}", Integer.toString(port)));
		return port;
	}

	/**
	 * Compile sources together into the first entry of the class path.
	 */
	private static void compile(List<Path> classPath, Map<String, String> sources) throws IOException {
		Path sourceDirectory = Files.createTempDirectory("sources");
		List<String> arguments = new ArrayList<>(List.of("-proc:none", "-d", classPath.get(0).toString(), "-cp",
				classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))
						+ File.pathSeparator + System.getProperty("java.class.path")));
		for (Map.Entry<String, String> source : sources.entrySet()) {
			Path file = sourceDirectory.resolve(source.getKey().replace('.', '/') + ".java");
			Files.createDirectories(file.getParent());
			Files.writeString(file, source.getValue());
			arguments.add(file.toString());
		}
		int result = ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new));
		assertThat(result).as("compilation of " + sources.keySet()).isZero();
	}

	/**
	 * The application's classes, then the JPA and H2 jars that the tests' own class path
	 * leaves out.
	 */
	private static List<Path> jpaClassPath(Path classes) throws IOException {
		List<String> shared = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
		List<Path> classPath = new ArrayList<>(List.of(classes));
		String full = Files.readString(Path.of(System.getProperty("jpa-test-application-class-path"))).trim();
		for (String entry : full.split(File.pathSeparator)) {
			if (!entry.isEmpty() && !shared.contains(entry)) {
				classPath.add(Path.of(entry));
			}
		}
		return classPath;
	}

}
