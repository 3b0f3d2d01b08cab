package dev.reloader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The real Docker Engine for the tests of containers, through the {@code docker} command.
 * Where no engine answers, the tests that need one are skipped with a message that says
 * how to start it, unless the environment variable {@value #REQUIRED_VARIABLE} is
 * {@code true} (as {@code .ci/run} sets it): then they fail.
 *
 * @author Reloader contributors
 */
final class DockerEngine {

	/**
	 * The environment variable that makes the tests that need a Docker Engine fail
	 * instead of being skipped when none answers.
	 */
	static final String REQUIRED_VARIABLE = "DOCKER_TESTS_REQUIRED";

	/**
	 * The image that {@code .ci/install-docker.sh} builds: busybox, serving {@code /www}
	 * over HTTP on port 80.
	 */
	static final String IMAGE = "reloader-test/busybox:1";

	private DockerEngine() {
	}

	/**
	 * Skip the current test (or fail it, in CI) unless a Docker Engine answers and has
	 * the test image.
	 */
	static void assumeAvailable() {
		String problem = problem();
		if (problem == null) {
			return;
		}
		String message = problem + "; run .ci/install-docker.sh (as root) to install and start the engine and build "
				+ "the image";
		if ("true".equals(System.getenv(REQUIRED_VARIABLE))) {
			throw new IllegalStateException(message + " (" + REQUIRED_VARIABLE + "=true)");
		}
		Assumptions.abort(message);
	}

	private static String problem() {
		try {
			if (run("docker", "info", "--format", "{{.ServerVersion}}").isBlank()) {
				return "No Docker Engine answers";
			}
			if (run("docker", "image", "ls", "--quiet", IMAGE).isBlank()) {
				return "The Docker Engine has no image " + IMAGE;
			}
			return null;
		}
		catch (IllegalStateException ex) {
			return "No Docker Engine answers (" + ex.getMessage() + ")";
		}
	}

	/**
	 * Return the ids of the containers, running or not, with the given label.
	 * @param label a label filter, {@code name=value} or {@code name}
	 * @return the full ids
	 */
	static List<String> containers(String label) {
		return lines(run("docker", "ps", "--all", "--no-trunc", "--quiet", "--filter", "label=" + label));
	}

	/**
	 * Return the ids of the running containers with the given label.
	 * @param label a label filter, {@code name=value} or {@code name}
	 * @return the full ids
	 */
	static List<String> running(String label) {
		return lines(run("docker", "ps", "--no-trunc", "--quiet", "--filter", "label=" + label));
	}

	/**
	 * Return the engine's container events between two instants, as lines of
	 * {@code action container-id}.
	 * @param since the first instant
	 * @param until the last instant
	 * @param label a label filter for the containers
	 * @return the events, oldest first
	 */
	static List<String> events(Instant since, Instant until, String label) {
		return lines(run("docker", "events", "--since", timestamp(since), "--until", timestamp(until), "--filter",
				"type=container", "--filter", "label=" + label, "--format", "{{.Action}} {{.Actor.ID}}"));
	}

	/**
	 * Keep the events of the containers' lives (create, start, restart, stop, kill, die,
	 * destroy), not those of commands run in them.
	 * @param events events as {@link #events} returns them
	 * @return the events of the containers' lives
	 */
	static List<String> lifecycle(List<String> events) {
		List<String> actions = List.of("create", "start", "restart", "stop", "kill", "die", "destroy");
		return events.stream().filter((event) -> actions.contains(event.substring(0, event.indexOf(' ')))).toList();
	}

	/**
	 * Count the container events with the given action.
	 * @param events events as {@link #events} returns them
	 * @param action the action, such as {@code create} or {@code start}
	 * @return how many there are
	 */
	static long count(List<String> events, String action) {
		return events.stream().filter((event) -> event.startsWith(action + " ")).count();
	}

	/**
	 * Run a command in a container.
	 * @param container the container's id
	 * @param command the command and its arguments
	 * @return its standard output
	 */
	static String exec(String container, String... command) {
		List<String> arguments = new ArrayList<>(List.of("docker", "exec", container));
		arguments.addAll(Arrays.asList(command));
		return run(arguments.toArray(String[]::new));
	}

	/**
	 * Start a container from the test image that the tests do not own, with the given
	 * labels.
	 * @param labels labels as {@code name=value}
	 * @return its id
	 */
	static String startContainer(String... labels) {
		List<String> arguments = new ArrayList<>(List.of("docker", "run", "--detach"));
		for (String label : labels) {
			arguments.add("--label");
			arguments.add(label);
		}
		arguments.add(IMAGE);
		return run(arguments.toArray(String[]::new)).trim();
	}

	/**
	 * Remove the containers with the given label, running or not.
	 * @param label a label filter
	 */
	static void removeAll(String label) {
		List<String> ids = containers(label);
		if (!ids.isEmpty()) {
			List<String> arguments = new ArrayList<>(List.of("docker", "rm", "--force", "--volumes"));
			arguments.addAll(ids);
			run(arguments.toArray(String[]::new));
		}
	}

	static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end within 60 seconds");
			}
			String text = new String(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " ended with " + process.exitValue() + ": " + text.trim());
			}
			return text;
		}
		catch (IOException ex) {
			throw new IllegalStateException(String.join(" ", command) + " cannot run: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static String timestamp(Instant instant) {
		return instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
	}

	private static List<String> lines(String output) {
		return output.lines().map(String::trim).filter((line) -> !line.isEmpty()).toList();
	}

}
