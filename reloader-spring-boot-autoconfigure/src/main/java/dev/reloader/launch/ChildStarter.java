package dev.reloader.launch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import dev.reloader.launch.standby.ClassDataSharing;
import dev.reloader.launch.standby.Standby;
import dev.reloader.launch.standby.StandbyMain;
import dev.reloader.launch.standby.SupervisorChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Starts the supervisor's children, as fast as the settings allow: with the
 * {@link OptimizedLaunch optimized launch} options, with a {@link ClassDataSharing}
 * archive of the dependency jars, and from a warm {@link Standby} that was started while
 * the previous child ran, once that child was ready. Every technique falls back to a
 * plain cold start when it cannot be used.
 *
 * @author Reloader contributors
 */
public final class ChildStarter implements Closeable {

	private static final Log logger = LogFactory.getLog(ChildStarter.class);

	/**
	 * The most of its heap that the supervisor keeps free once its child runs.
	 */
	static final int SUPERVISOR_HEAP_FREE_PERCENT = 20;

	private final ChildCommand command;

	private final Path workingDirectory;

	private final Settings settings;

	private final ClassDataSharing classDataSharing;

	private final Object monitor = new Object();

	private SupervisorChannel channel;

	private Standby standby;

	private boolean trimmed;

	private ChildProcess current;

	private boolean currentReady;

	private final Map<ChildProcess, ChildCommand> commands = new IdentityHashMap<>();

	private final Set<ChildProcess> readyChildren = Collections.newSetFromMap(new IdentityHashMap<>());

	private Consumer<ChildProcess> leavingListener = (child) -> {
	};

	private Map<String, String> environment = Map.of();

	private boolean rehearsalOff;

	private ProcessBuilder.Redirect input = ProcessBuilder.Redirect.INHERIT;

	private boolean closed;

	private Consumer<Map<String, Integer>> readyListener = (ports) -> {
	};

	/**
	 * Create a starter.
	 * @param command the command of a plain cold child
	 * @param workingDirectory the working directory of the children
	 * @param settings which techniques to use
	 */
	public ChildStarter(ChildCommand command, Path workingDirectory, Settings settings) {
		this.command = Objects.requireNonNull(command, "'command' must not be null");
		this.workingDirectory = Objects.requireNonNull(workingDirectory, "'workingDirectory' must not be null");
		this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
		this.classDataSharing = (settings.classDataSharing() && settings.cacheDirectory() != null)
				? new ClassDataSharing(settings.cacheDirectory(), settings.archivesKept(), this::archiveReady) : null;
	}

	/**
	 * Create a starter that starts plain cold children.
	 * @param command the command of a child
	 * @param workingDirectory the working directory of the children
	 * @return the starter
	 */
	public static ChildStarter cold(ChildCommand command, Path workingDirectory) {
		return new ChildStarter(command, workingDirectory, Settings.NONE);
	}

	public ChildCommand getCommand() {
		return this.command;
	}

	/**
	 * Start the next child: the standby if there is one that fits, else a cold one.
	 * @param environment the child's environment variables
	 * @param systemProperties system properties for this child only
	 * @param input where the child's standard input comes from
	 * @return the running child
	 * @throws IOException if a child cannot be started
	 */
	ChildProcess start(Map<String, String> environment, Map<String, String> systemProperties,
			ProcessBuilder.Redirect input) throws IOException {
		synchronized (this.monitor) {
			Map<String, String> childEnvironment = new java.util.LinkedHashMap<>(environment);
			if (this.command.isMainClassLaunch()) {
				// Also without a standby: the child says when it is ready
				childEnvironment.put(SupervisorChannel.ADDRESS_VARIABLE, channel().address());
			}
			this.environment = childEnvironment;
			this.input = input;
			ChildCommand prepared = prepare();
			ChildProcess started = fromStandby(prepared, systemProperties);
			if (started == null) {
				started = ChildProcess.start(withSystemProperties(prepared, systemProperties).toCommandLine(),
						childEnvironment, this.workingDirectory, input);
			}
			this.current = started;
			this.currentReady = false;
			this.commands.put(started, prepared);
			return started;
		}
	}

	/**
	 * Called when a child has exited.
	 * @param child the child
	 * @param exitCode its exit code
	 * @return whether the child had said it was ready
	 */
	boolean exited(ChildProcess child, int exitCode) {
		synchronized (this.monitor) {
			ChildCommand command = this.commands.remove(child);
			boolean ready = this.readyChildren.remove(child);
			if (this.classDataSharing != null && command != null) {
				boolean whole = ready || exitCode == 0 || exitCode == Supervisor.RESTART_EXIT_CODE;
				this.classDataSharing.childExited(command, whole);
			}
			if (this.current == child) {
				this.current = null;
			}
			return ready;
		}
	}

	private ChildCommand prepare() {
		ChildCommand prepared = this.command;
		if (this.settings.standby()) {
			prepared = Standby.withGateOptions(prepared);
		}
		if (this.settings.optimizedLaunch()) {
			prepared = prepared.withJvmOptions(OptimizedLaunch.apply(prepared.getJvmOptions()));
		}
		if (this.classDataSharing != null) {
			prepared = this.classDataSharing.apply(prepared);
		}
		return prepared;
	}

	private ChildProcess fromStandby(ChildCommand prepared, Map<String, String> systemProperties) {
		Standby candidate = this.standby;
		this.standby = null;
		if (candidate == null) {
			return null;
		}
		if (candidate.canReplace(prepared, fingerprint(prepared))) {
			ChildProcess started = candidate.go(this.channel, systemProperties);
			if (started != null) {
				logger.debug("Restarting from the standby (pid " + candidate.pid() + ")");
				return started;
			}
		}
		logger.debug("Discarding the standby (pid " + candidate.pid() + "): it does not fit the next child");
		candidate.discard();
		return null;
	}

	/**
	 * Call the given listener each time the current child is ready.
	 * @param listener called with the ports the child listens on, by name
	 */
	void whenReady(Consumer<Map<String, Integer>> listener) {
		synchronized (this.monitor) {
			this.readyListener = listener;
		}
	}

	/**
	 * Call the given listener when the current child says it has handed over what it saw
	 * and is about to close for a restart.
	 * @param listener called with the child, on the channel's thread
	 */
	void whenLeaving(Consumer<ChildProcess> listener) {
		synchronized (this.monitor) {
			this.leavingListener = listener;
		}
	}

	private void childLeaving(long pid) {
		ChildProcess leaving;
		Consumer<ChildProcess> listener;
		synchronized (this.monitor) {
			if (this.closed || this.current == null || this.current.pid() != pid) {
				return;
			}
			leaving = this.current;
			listener = this.leavingListener;
		}
		listener.accept(leaving);
	}

	/**
	 * Return the private directory in which children leave files for the supervisor.
	 * @return the directory, or {@code null} when children have no channel
	 */
	Path privateDirectory() {
		synchronized (this.monitor) {
			return (this.channel != null) ? this.channel.directory() : null;
		}
	}

	private void childReady(long pid, Map<String, Integer> ports) {
		boolean trim;
		synchronized (this.monitor) {
			if (this.closed || this.current == null || this.current.pid() != pid) {
				return;
			}
			this.currentReady = true;
			this.readyChildren.add(this.current);
			this.readyListener.accept(ports);
			if (this.settings.standby() && this.standby == null) {
				startStandby();
			}
			trim = !this.trimmed;
			this.trimmed = true;
		}
		if (trim) {
			// What the supervisor's own start left behind (it ran the application's main
			// method up to the prepared environment): collected once, outside the lock, so
			// that the heap shrinks and its pages go back to the operating system; it
			// stays small, since the supervisor allocates little from now on
			HeapTrim.trimAndStaySmall(SUPERVISOR_HEAP_FREE_PERCENT);
		}
	}

	/**
	 * A standby started before the archive was built is kept: it is warm, and it can
	 * stand in for the next child as the first child ran, without the archive; the next
	 * standby uses the archive. Replacing it would leave no warm standby for a restart
	 * that comes while its replacement warms up, just as the archive build took the CPU.
	 */
	private void archiveReady() {
		logger.debug("The class-data archive is ready; the next standby uses it");
	}

	private void standbyStale(long pid) {
		synchronized (this.monitor) {
			if (this.standby != null && this.current != null && this.current.pid() == pid) {
				logger.debug("Discarding the standby (pid " + this.standby.pid()
						+ "): the application's class loading configuration changed");
				this.standby.discard();
				this.standby = null;
			}
		}
	}

	/**
	 * A standby whose rehearsal left something of the application in its JVM (a thread
	 * that did not end, a class in the system class loader) exits unused: the next
	 * standbys warm up without a rehearsal, which would leave the same behind.
	 */
	private void standbyUnfit(long pid, String reason) {
		synchronized (this.monitor) {
			if (!this.rehearsalOff) {
				this.rehearsalOff = true;
				logger.debug("The standby (pid " + pid + ") is not used: " + reason
						+ "; standbys warm up without a rehearsal of the application from now on");
			}
			if (this.closed || this.standby == null || this.standby.pid() != pid) {
				return;
			}
			this.standby.discard();
			this.standby = null;
			if (this.currentReady) {
				startStandby();
			}
		}
	}

	private void startStandby() {
		try {
			ChildCommand prepared = prepare();
			Map<String, String> environment = this.environment;
			if (this.rehearsalOff) {
				environment = new java.util.LinkedHashMap<>(environment);
				environment.put(StandbyMain.REHEARSAL_VARIABLE, "false");
			}
			this.standby = Standby.start(prepared, fingerprint(prepared), environment, this.workingDirectory,
					this.input, this.settings.warmupRounds());
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not start a standby; restarts start cold", ex);
		}
	}

	private SupervisorChannel channel() throws IOException {
		if (this.channel == null) {
			this.channel = SupervisorChannel.open(this::childReady, this::standbyStale, this::childLeaving);
			this.channel.whenStandbyUnfit(this::standbyUnfit);
		}
		return this.channel;
	}

	private static String fingerprint(ChildCommand command) {
		try {
			return ClassDataSharing.key(command, ClassDataSharing.jarsOf(command));
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static ChildCommand withSystemProperties(ChildCommand command, Map<String, String> systemProperties) {
		if (systemProperties.isEmpty()) {
			return command;
		}
		List<String> options = new java.util.ArrayList<>(command.getJvmOptions());
		systemProperties.forEach((name, value) -> options.add("-D" + name + "=" + value));
		return command.withJvmOptions(options);
	}

	@Override
	public void close() {
		synchronized (this.monitor) {
			this.closed = true;
			if (this.classDataSharing != null) {
				this.classDataSharing.close();
			}
			if (this.standby != null) {
				this.standby.discard();
				this.standby = null;
			}
			if (this.channel != null) {
				try {
					this.channel.close();
				}
				catch (IOException ex) {
					logger.debug("Could not close the supervisor channel", ex);
				}
			}
		}
	}

	/**
	 * Which restart techniques to use.
	 *
	 * @param optimizedLaunch whether to add the optimized-launch JIT options
	 * @param classDataSharing whether to build and use a class-data sharing archive
	 * @param cacheDirectory where archives are kept
	 * @param archivesKept how many archives the cache keeps for each application
	 * @param standby whether to keep a warm standby child
	 * @param warmupRounds how many throwaway contexts a standby runs
	 */
	public record Settings(boolean optimizedLaunch, boolean classDataSharing, Path cacheDirectory,
			int archivesKept, boolean standby, int warmupRounds) {

		/**
		 * Plain cold children.
		 */
		public static final Settings NONE = new Settings(false, false, null, 1, false, 0);

	}

}
