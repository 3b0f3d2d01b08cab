package dev.reloader.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.reloader.launch.frontdoor.FrontDoor;
import dev.reloader.launch.frontdoor.StartFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The launched JVM's side of the reloader: starts the application in a child JVM and
 * starts a new one each time the child exits with {@value #RESTART_EXIT_CODE}. Holds no
 * application context and no application beans.
 * <p>
 * A child that exits with another code than 0 or {@value #RESTART_EXIT_CODE} has crashed
 * (or failed to start); depending on the {@link CrashAction} the supervisor then waits for
 * a change of the watched files before it starts the next one, or ends. A new child never
 * starts before the previous one has exited. With a {@link FrontDoor}, the application's
 * ports outlive the children: the front door learns when each child is ready, and from
 * the supervisor why one failed.
 * <p>
 * When the supervisor itself is asked to stop (SIGINT or SIGTERM), it stops the child
 * gracefully, waits up to the shutdown timeout, then kills the child's process tree, and
 * ends with 128 plus the number of that signal, or with the child's own exit code when
 * the child chose another one. A second signal kills the child at once.
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

	/**
	 * What {@link #awaitExit(ChildProcess)} returns for a child that still closes.
	 */
	private static final int CLOSING = -1;

	private final ChildStarter starter;

	private final Duration shutdownTimeout;

	private final CrashAction crashAction;

	private final ChangeWait changeWait;

	private final Object monitor = new Object();

	private ChildProcess child;

	private Thread waitingForChange;

	private int stopSignal;

	private boolean stopping;

	private int childrenStarted;

	private boolean restartRequested;

	private TerminalCommands terminal = TerminalCommands.NONE;

	private FrontDoor frontDoor = FrontDoor.none();

	private boolean overlap;

	private ChildProcess leaving;

	private final List<ChildProcess> closing = new ArrayList<>();

	/**
	 * Create a new supervisor that ends when the application crashes.
	 * @param command how to start a child
	 * @param workingDirectory the child's working directory
	 * @param shutdownTimeout how long a child may take to stop gracefully
	 */
	public Supervisor(ChildCommand command, Path workingDirectory, Duration shutdownTimeout) {
		this(command, workingDirectory, shutdownTimeout, CrashAction.EXIT, null);
	}

	/**
	 * Create a new supervisor.
	 * @param command how to start a child
	 * @param workingDirectory the child's working directory
	 * @param shutdownTimeout how long a child may take to stop gracefully
	 * @param crashAction what to do when the application crashes
	 * @param changeWait how to wait for a change after a crash; required for
	 * {@link CrashAction#WAIT}
	 */
	public Supervisor(ChildCommand command, Path workingDirectory, Duration shutdownTimeout, CrashAction crashAction,
			ChangeWait changeWait) {
		this(ChildStarter.cold(command, workingDirectory), shutdownTimeout, crashAction, changeWait);
	}

	/**
	 * Create a new supervisor.
	 * @param starter starts each child
	 * @param shutdownTimeout how long a child may take to stop gracefully
	 * @param crashAction what to do when the application crashes
	 * @param changeWait how to wait for a change after a crash; required for
	 * {@link CrashAction#WAIT}
	 */
	public Supervisor(ChildStarter starter, Duration shutdownTimeout, CrashAction crashAction, ChangeWait changeWait) {
		this.starter = Objects.requireNonNull(starter, "'starter' must not be null");
		this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "'shutdownTimeout' must not be null");
		this.crashAction = Objects.requireNonNull(crashAction, "'crashAction' must not be null");
		if (crashAction == CrashAction.WAIT && changeWait == null) {
			throw new IllegalArgumentException("'changeWait' must not be null when 'crashAction' is WAIT");
		}
		this.changeWait = changeWait;
	}

	/**
	 * Return whether the current process is a child started by a supervisor.
	 * @return {@code true} in a child JVM
	 */
	public static boolean isChild() {
		return "true".equals(System.getenv(CHILD_ENVIRONMENT_VARIABLE));
	}

	/**
	 * Restart the application when a line with the given command (such as {@code rs}) is
	 * typed into the supervisor's terminal, and pass every other line on to the
	 * application. Does nothing unless standard input is a terminal. Call before
	 * {@link #run()}.
	 * @param command the command, {@code null} or blank for none
	 */
	public void restartOnTerminalCommand(String command) {
		this.terminal = TerminalCommands.ofStandardInput(command, this::restart);
	}

	/**
	 * Relay the application's ports through the given front door, which learns from each
	 * child when it is ready and from the supervisor when it failed. Call before
	 * {@link #run()}.
	 * @param frontDoor the front door
	 */
	public void relayThrough(FrontDoor frontDoor) {
		this.frontDoor = Objects.requireNonNull(frontDoor, "'frontDoor' must not be null");
		this.starter.whenReady(frontDoor::childReady);
	}

	/**
	 * Start the next child as soon as the running one has handed over what it saw and
	 * says it is leaving for a restart, while it still closes, instead of once it has
	 * exited. Only where a front door holds the application's ports, so that the two
	 * children never compete for one. A child that started while another still closed
	 * and fails before it is ready is started once more when that one has exited (an
	 * exclusive resource, such as a database file, may have been in the way). Call
	 * before {@link #run()}.
	 */
	public void startNextWhileClosing() {
		this.overlap = true;
		this.starter.whenLeaving(this::childLeaving);
	}

	private void childLeaving(ChildProcess child) {
		synchronized (this.monitor) {
			this.leaving = child;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Run children until one exits with 0, or until the supervisor is asked to stop, or,
	 * with {@link CrashAction#EXIT}, until one crashes. Handles SIGINT and SIGTERM from
	 * then on.
	 * @return the exit code the supervisor should end with
	 * @throws IOException if a child cannot be started
	 * @throws InterruptedException if interrupted while waiting for a child
	 */
	public int run() throws IOException, InterruptedException {
		try {
			return superviseChildren();
		}
		finally {
			stopClosingChildren();
			this.starter.close();
		}
	}

	private int superviseChildren() throws IOException, InterruptedException {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(0), "reloader-supervisor-shutdown"));
		StopSignals.handle(this::stop);
		this.terminal.start();
		int restarts = 0;
		while (true) {
			ChildProcess started;
			boolean overlapped;
			synchronized (this.monitor) {
				if (this.stopping) {
					return signalExitCode();
				}
				overlapped = !this.closing.isEmpty();
				this.frontDoor.childStarting();
				started = this.starter.start(childEnvironment(),
						Map.of(LastRestart.COUNT_PROPERTY, Integer.toString(this.childrenStarted++)),
						this.terminal.childInput());
				this.child = started;
				this.terminal.connect(started);
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Started application (pid " + started.pid() + "): " + this.starter.getCommand());
			}
			int exitCode = awaitExit(started);
			boolean ready = true;
			if (exitCode == CLOSING) {
				closeInBackground(started);
				exitCode = RESTART_EXIT_CODE;
			}
			else {
				ready = this.starter.exited(started, exitCode);
			}
			synchronized (this.monitor) {
				this.child = null;
				if (this.stopping) {
					return stoppedExitCode(exitCode);
				}
				if (this.restartRequested) {
					this.restartRequested = false;
					exitCode = RESTART_EXIT_CODE;
				}
			}
			if (exitCode == 0) {
				return 0;
			}
			if (exitCode == RESTART_EXIT_CODE) {
				restarts++;
				if (logger.isDebugEnabled()) {
					logger.debug("Application asked for restart #" + restarts);
				}
			}
			else if (overlapped && !ready && awaitClosingChildren()) {
				logger.info("Application exited with code " + exitCode + " while the previous one was still "
						+ "closing; starting it again now that the previous one has exited");
			}
			else if (this.crashAction == CrashAction.EXIT) {
				logger.warn("Application exited with code " + exitCode + " (reloader.on-crash=exit)");
				return exitCode;
			}
			else {
				logger.warn("Application exited with code " + exitCode
						+ "; waiting for file changes before restarting");
				Path privateDirectory = this.starter.privateDirectory();
				this.frontDoor.childFailed(StartFailure.read(privateDirectory, started.pid(), exitCode));
				if (!awaitChange()) {
					return signalExitCode();
				}
			}
		}
	}

	/**
	 * Wait until the child exits, or, when children may overlap, until it says it is
	 * leaving for a restart.
	 * @return the child's exit code, or {@link #CLOSING} if it still closes
	 */
	private int awaitExit(ChildProcess child) throws InterruptedException {
		if (!this.overlap) {
			return child.waitFor();
		}
		child.onExit(() -> {
			synchronized (this.monitor) {
				this.monitor.notifyAll();
			}
		});
		synchronized (this.monitor) {
			while (child.isAlive() && this.leaving != child) {
				this.monitor.wait();
			}
			boolean left = this.leaving == child && child.isAlive() && !this.stopping && !this.restartRequested;
			this.leaving = null;
			if (left) {
				this.closing.add(child);
				if (this.child == child) {
					this.child = null;
				}
				return CLOSING;
			}
		}
		return child.waitFor();
	}

	private void closeInBackground(ChildProcess child) {
		if (logger.isDebugEnabled()) {
			logger.debug("Application (pid " + child.pid() + ") closes while the next one starts");
		}
		child.onExit(() -> {
			this.starter.exited(child, child.exitValue());
			synchronized (this.monitor) {
				this.closing.remove(child);
				this.monitor.notifyAll();
			}
		});
	}

	/**
	 * Wait until every child that was closing has exited.
	 * @return {@code true} once they have, {@code false} if the supervisor was asked to
	 * stop meanwhile
	 */
	private boolean awaitClosingChildren() throws InterruptedException {
		synchronized (this.monitor) {
			while (!this.closing.isEmpty() && !this.stopping) {
				this.monitor.wait();
			}
			return !this.stopping;
		}
	}

	/**
	 * Give the children that still close the shutdown timeout, then kill them.
	 */
	private void stopClosingChildren() {
		List<ChildProcess> children;
		synchronized (this.monitor) {
			children = new ArrayList<>(this.closing);
		}
		for (ChildProcess closingChild : children) {
			try {
				closingChild.stop(this.shutdownTimeout);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				closingChild.kill();
			}
		}
	}

	/**
	 * Wait for a change after a crash.
	 * @return {@code true} to start the application again, {@code false} if the
	 * supervisor was asked to stop meanwhile
	 */
	private boolean awaitChange() throws IOException {
		synchronized (this.monitor) {
			if (this.stopping) {
				return false;
			}
			this.waitingForChange = Thread.currentThread();
		}
		try {
			this.changeWait.await();
			return true;
		}
		catch (InterruptedException ex) {
			synchronized (this.monitor) {
				if (this.restartRequested && !this.stopping) {
					return true;
				}
				if (!this.stopping) {
					Thread.currentThread().interrupt();
				}
			}
			return false;
		}
		finally {
			synchronized (this.monitor) {
				this.waitingForChange = null;
				// Clear an interrupt that came from stop() or restart() after the wait ended
				if (this.stopping || this.restartRequested) {
					Thread.interrupted();
				}
				this.restartRequested = false;
			}
		}
	}

	/**
	 * The supervisor's exit code once the child it stopped has exited. Whether the child
	 * ended from the SIGINT a terminal sent to the whole process group or from the
	 * SIGTERM the supervisor sent it depends on timing, so a child ended by either
	 * signal gives way to the signal the supervisor received: Ctrl+C always ends with
	 * 130. Any other code is the child's own.
	 */
	private int stoppedExitCode(int childExitCode) {
		int signalExitCode = signalExitCode();
		boolean endedBySignal = childExitCode == 128 + StopSignals.SIGINT || childExitCode == 128 + StopSignals.SIGTERM;
		return (signalExitCode != 0 && endedBySignal) ? signalExitCode : childExitCode;
	}

	private int signalExitCode() {
		synchronized (this.monitor) {
			return (this.stopSignal != 0) ? 128 + this.stopSignal : 0;
		}
	}

	private Map<String, String> childEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>(this.starter.getCommand().getEnvironment());
		environment.put(CHILD_ENVIRONMENT_VARIABLE, "true");
		environment.put(ParentWatch.SUPERVISOR_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
		return environment;
	}

	/**
	 * Restart the application as if it had asked for it: stop it gracefully and start a
	 * new one, or, while waiting for a change after a crash, start it again at once.
	 * @param cause what caused the restart, for the log
	 */
	public void restart(String cause) {
		ChildProcess running;
		int nextChild;
		synchronized (this.monitor) {
			if (this.stopping || this.restartRequested || (this.child == null && this.waitingForChange == null)) {
				return;
			}
			this.restartRequested = true;
			running = this.child;
			nextChild = this.childrenStarted;
			if (this.waitingForChange != null) {
				this.waitingForChange.interrupt();
			}
		}
		logger.info("Reloading: " + cause);
		LastRestart.leaveNoteFromSupervisor(nextChild, cause, Instant.now());
		if (running != null) {
			try {
				running.stop(this.shutdownTimeout);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Stop the running child, if any, and make {@link #run()} return.
	 * @param signal the number of the signal that asks for the stop, or 0 for the JVM's
	 * shutdown
	 */
	private void stop(int signal) {
		ChildProcess running;
		boolean again;
		synchronized (this.monitor) {
			again = this.stopping;
			this.stopping = true;
			if (this.stopSignal == 0) {
				this.stopSignal = signal;
			}
			running = this.child;
			if (this.waitingForChange != null) {
				this.waitingForChange.interrupt();
			}
			this.monitor.notifyAll();
			if (again && signal != 0) {
				this.closing.forEach(ChildProcess::kill);
			}
		}
		if (running == null) {
			return;
		}
		if (again && signal != 0) {
			logger.warn("Killing the application (pid " + running.pid() + ") after a second stop signal");
			running.kill();
			return;
		}
		try {
			running.stop(this.shutdownTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
