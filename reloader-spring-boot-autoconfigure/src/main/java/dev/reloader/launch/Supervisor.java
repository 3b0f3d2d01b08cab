package dev.reloader.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The launched JVM's side of the reloader: starts the application in a child JVM and
 * starts a new one each time the child exits with {@value #RESTART_EXIT_CODE}. Holds no
 * application context and no application beans.
 * <p>
 * When the supervisor itself is asked to stop (SIGINT or SIGTERM), it stops the child
 * gracefully, waits up to the shutdown timeout, then kills the child's process tree.
 *
 * @author Reloader contributors
 */
public final class Supervisor {

	/**
	 * The exit code with which a child asks for a restart.
	 */
	public static final int RESTART_EXIT_CODE = 3;

	/**
	 * The environment variable that marks a child JVM; its value is {@code true}.
	 */
	public static final String CHILD_ENVIRONMENT_VARIABLE = "RELOADER_RUN_MAIN";

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final ChildCommand command;

	private final Path workingDirectory;

	private final Duration shutdownTimeout;

	private final Object monitor = new Object();

	private ChildProcess child;

	private boolean stopping;

	/**
	 * Create a new supervisor.
	 * @param command how to start a child
	 * @param workingDirectory the child's working directory
	 * @param shutdownTimeout how long a child may take to stop gracefully
	 */
	public Supervisor(ChildCommand command, Path workingDirectory, Duration shutdownTimeout) {
		this.command = Objects.requireNonNull(command, "'command' must not be null");
		this.workingDirectory = Objects.requireNonNull(workingDirectory, "'workingDirectory' must not be null");
		this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "'shutdownTimeout' must not be null");
	}

	/**
	 * Return whether the current process is a child started by a supervisor.
	 * @return {@code true} in a child JVM
	 */
	public static boolean isChild() {
		return "true".equals(System.getenv(CHILD_ENVIRONMENT_VARIABLE));
	}

	/**
	 * Run children until one exits with a code other than {@value #RESTART_EXIT_CODE}.
	 * @return the exit code the supervisor should end with
	 * @throws IOException if a child cannot be started
	 * @throws InterruptedException if interrupted while waiting for a child
	 */
	public int run() throws IOException, InterruptedException {
		Thread hook = new Thread(this::stopChild, "reloader-supervisor-shutdown");
		Runtime.getRuntime().addShutdownHook(hook);
		int restarts = 0;
		while (true) {
			ChildProcess started;
			synchronized (this.monitor) {
				if (this.stopping) {
					return 0;
				}
				started = ChildProcess.start(this.command.toCommandLine(), childEnvironment(), this.workingDirectory);
				this.child = started;
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Started application (pid " + started.pid() + "): " + this.command);
			}
			int exitCode = started.waitFor();
			synchronized (this.monitor) {
				this.child = null;
				if (this.stopping) {
					return exitCode;
				}
			}
			if (exitCode != RESTART_EXIT_CODE) {
				return exitCode;
			}
			restarts++;
			if (logger.isDebugEnabled()) {
				logger.debug("Application asked for restart #" + restarts);
			}
		}
	}

	private Map<String, String> childEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put(CHILD_ENVIRONMENT_VARIABLE, "true");
		environment.put(ParentWatch.SUPERVISOR_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
		// Options from JDK_JAVA_OPTIONS are already part of the JVM options we pass on
		environment.put("JDK_JAVA_OPTIONS", null);
		return environment;
	}

	private void stopChild() {
		ChildProcess running;
		synchronized (this.monitor) {
			this.stopping = true;
			running = this.child;
		}
		if (running != null) {
			try {
				running.stop(this.shutdownTimeout);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
