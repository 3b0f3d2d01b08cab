package dev.reloader;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.reloader.autoconfigure.ReloaderLaunchListener;

/**
 * A Maven project of a test launched with {@code mvn spring-boot:run}, as a user would
 * launch it, with the starter built from this module's classes, and what the tests ask of
 * it over HTTP and in its output.
 *
 * @author Reloader contributors
 */
final class SpringBootRun {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private SpringBootRun() {
	}

	/**
	 * Start {@code mvn spring-boot:run} on a project, with the starter's jar added to the
	 * application's class path.
	 * @param pom the project's pom
	 * @param starter the starter's jar, see {@link #starterJar(Path)}
	 * @param port the application's port
	 * @param output the file that gets Maven's and the application's output
	 * @return the Maven process
	 * @throws IOException if Maven cannot be started
	 */
	static Process start(Path pom, Path starter, int port, Path output) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(mvn(), "-B", "-q", "-f", pom.toString(), "spring-boot:run",
				"-Dspring-boot.run.additional-classpath-elements=" + starter,
				"-Dspring-boot.run.arguments=--server.port=" + port)
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().remove("RELOADER_RUN_MAIN");
		builder.environment().remove("RELOADER_SUPERVISOR_PID");
		builder.environment().remove("MAVEN_OPTS");
		return builder.start();
	}

	/**
	 * Pack this module's classes into a jar, as the starter's jar.
	 * @param jar the jar to write
	 * @return the jar
	 * @throws Exception if the classes cannot be found or written
	 */
	static Path starterJar(Path jar) throws Exception {
		Path classes = Paths.get(ReloaderLaunchListener.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
				Stream<Path> paths = Files.walk(classes)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
				Files.copy(path, out);
				out.closeEntry();
			}
		}
		return jar;
	}

	/**
	 * Return the {@code mvn} command of the Maven that runs the tests, or the one on the
	 * {@code PATH}.
	 * @return the command
	 */
	static String mvn() {
		String home = System.getProperty("maven.home");
		if (home != null && Files.isExecutable(Paths.get(home, "bin", "mvn"))) {
			return Paths.get(home, "bin", "mvn").toString();
		}
		return "mvn";
	}

	/**
	 * Return how many lines of an output contain a text.
	 * @param output the output file
	 * @param text the text
	 * @return the number of lines
	 * @throws IOException if the output cannot be read
	 */
	static long count(Path output, String text) throws IOException {
		return Files.readAllLines(output).stream().filter((line) -> line.contains(text)).count();
	}

	/**
	 * Fetch the root of the application.
	 * @param port the application's port
	 * @return the body of a 200 answer, or {@code null}
	 */
	static String get(int port) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
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
	 * Return a port that is free now.
	 * @return the port
	 * @throws IOException if no socket can be opened
	 */
	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
