package dev.reloader.launch.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.reloader.launch.ChildCommand;
import dev.reloader.launch.ClassPathDirectories;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The supervisor's side of the containers that the application declares as beans
 * (Testcontainers at development time): they live as long as the supervisor, not as long
 * as one child.
 * <p>
 * Each child labels its containers with the application (its main class and class
 * directories) and this supervisor (process id and start time), and finds the running
 * container of each bean again through Testcontainers' reuse, which the supervisor turns
 * on for its children. The supervisor holds no application code: it only talks to the
 * Docker Engine, to remove what its children left when it ends, and, when it starts, what
 * an earlier supervisor of the same application left when it was killed.
 *
 * @author Reloader contributors
 */
public final class DevelopmentContainers {

	/**
	 * The environment variable through which the supervisor gives its children the labels
	 * to put on their containers, as {@code name=value} pairs separated by commas.
	 */
	public static final String LABELS_VARIABLE = "RELOADER_CONTAINER_LABELS";

	/**
	 * The label that names the application (a hash of its main class and class
	 * directories).
	 */
	public static final String APPLICATION_LABEL = "dev.reloader.application";

	/**
	 * The label that names the supervisor, as {@code pid@start-millis}.
	 */
	public static final String SUPERVISOR_LABEL = "dev.reloader.supervisor";

	/**
	 * The label that names the bean that declares the container.
	 */
	public static final String BEAN_LABEL = "dev.reloader.bean";

	/**
	 * Testcontainers' environment variable that allows the reuse of containers.
	 */
	static final String REUSE_VARIABLE = "TESTCONTAINERS_REUSE_ENABLE";

	private static final String GENERIC_CONTAINER_RESOURCE = "org/testcontainers/containers/GenericContainer.class";

	private static final Log logger = LogFactory.getLog(DevelopmentContainers.class);

	private final String application;

	private final String supervisor;

	private final DockerEngineApi engine;

	DevelopmentContainers(String application, String supervisor, DockerEngineApi engine) {
		this.application = application;
		this.supervisor = supervisor;
		this.engine = engine;
	}

	/**
	 * Return the containers of the application that the given command starts, as this
	 * supervisor sees them.
	 * @param command the child's command
	 * @param classLoader the application's class loader, to look for Testcontainers
	 * without loading it
	 * @return the containers; {@link #isActive() inactive} without Testcontainers on the
	 * class path
	 */
	public static DevelopmentContainers of(ChildCommand command, ClassLoader classLoader) {
		boolean testcontainers = classLoader.getResource(GENERIC_CONTAINER_RESOURCE) != null;
		DockerEngineApi engine = testcontainers ? DockerEngineApi.locate(System.getenv("DOCKER_HOST")) : null;
		return new DevelopmentContainers(applicationId(command.getTarget(), command.getClassPathEntries()),
				supervisorId(ProcessHandle.current()), engine);
	}

	/**
	 * Return whether there is anything to do: Testcontainers is on the application's class
	 * path.
	 * @return {@code true} if the children label their containers
	 */
	public boolean isActive() {
		return this.engine != null;
	}

	/**
	 * Return the command with what children need to keep their containers: their labels
	 * and, unless the environment already says otherwise, Testcontainers' reuse.
	 * @param command the child's command
	 * @return the command to run children with
	 */
	public ChildCommand prepare(ChildCommand command) {
		if (!isActive()) {
			return command;
		}
		ChildCommand prepared = command.withEnvironmentVariable(LABELS_VARIABLE,
				APPLICATION_LABEL + "=" + this.application + "," + SUPERVISOR_LABEL + "=" + this.supervisor);
		if (System.getenv(REUSE_VARIABLE) == null) {
			prepared = prepared.withEnvironmentVariable(REUSE_VARIABLE, "true");
		}
		return prepared;
	}

	/**
	 * Remove the containers of this application that a supervisor which no longer runs
	 * left behind (it was killed). Containers of another application, or of a supervisor
	 * that still runs, stay.
	 */
	public void removeLeftovers() {
		if (!isActive()) {
			return;
		}
		try {
			for (Map<String, Object> container : this.engine.containers(List.of(APPLICATION_LABEL + "="
					+ this.application))) {
				String owner = label(container, SUPERVISOR_LABEL);
				if (owner != null && !isRunning(owner)) {
					String id = (String) container.get("Id");
					logger.info("Removing container " + shortId(id) + " of bean '" + label(container, BEAN_LABEL)
							+ "' left by an earlier run of the application (supervisor " + owner + " is gone)");
					this.engine.remove(id);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot look for containers left by an earlier run of the application at "
					+ this.engine.getSocket() + ": " + ex.getMessage());
		}
	}

	/**
	 * Stop and remove the containers of this supervisor's children. Call when the
	 * supervisor ends, after its last child has exited.
	 */
	public void removeOwn() {
		if (!isActive()) {
			return;
		}
		try {
			List<Map<String, Object>> containers = this.engine.containers(List.of(SUPERVISOR_LABEL + "="
					+ this.supervisor));
			for (Map<String, Object> container : containers) {
				String id = (String) container.get("Id");
				logger.info("Removing container " + shortId(id) + " of bean '" + label(container, BEAN_LABEL) + "'");
				this.engine.remove(id);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Failed to remove the application's containers at " + this.engine.getSocket() + ": "
					+ ex.getMessage() + "; they are removed when the application next starts");
		}
	}

	String getApplication() {
		return this.application;
	}

	String getSupervisor() {
		return this.supervisor;
	}

	/**
	 * Return whether the supervisor with the given id still runs: a process with its pid
	 * that started when it did.
	 * @param supervisor the id, as {@code pid@start-millis}
	 * @return {@code true} if it runs
	 */
	static boolean isRunning(String supervisor) {
		int at = supervisor.indexOf('@');
		long pid;
		try {
			pid = Long.parseLong((at < 0) ? supervisor : supervisor.substring(0, at));
		}
		catch (NumberFormatException ex) {
			return false;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
		return process.isPresent() && supervisorId(process.get()).equals(supervisor);
	}

	static String supervisorId(ProcessHandle process) {
		String start = process.info().startInstant().map(Instant::toEpochMilli).map(String::valueOf).orElse("0");
		return process.pid() + "@" + start;
	}

	static String applicationId(String target, List<Path> classPath) {
		StringBuilder identity = new StringBuilder(String.valueOf(target));
		for (Path directory : ClassPathDirectories.of(classPath)) {
			identity.append('\n').append(directory.toAbsolutePath().normalize());
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(identity.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static String label(Map<String, Object> container, String name) {
		Object labels = container.get("Labels");
		return (labels instanceof Map<?, ?> map) ? (String) ((Map<String, Object>) map).get(name) : null;
	}

	private static String shortId(String id) {
		return (id != null && id.length() > 12) ? id.substring(0, 12) : id;
	}

}
