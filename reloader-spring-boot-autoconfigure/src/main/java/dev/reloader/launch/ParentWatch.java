package dev.reloader.launch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Lets a child JVM notice that its supervisor is gone (killed with SIGKILL, say) and end
 * itself instead of living on as an orphan that holds the application's port.
 * <p>
 * A daemon thread checks a few times a second. While the supervisor is the child's
 * parent, the check is whether the child's parent process is still the supervisor: an
 * orphan is given a new parent at once, even if the dead supervisor lingers as a zombie
 * that {@link ProcessHandle#isAlive()} still reports as alive. {@link ProcessHandle#onExit()}
 * is no help here: for a process that is not a child of the caller, it polls with a delay
 * that grows to several seconds.
 *
 * @author Reloader contributors
 */
public final class ParentWatch {

	private static final Log logger = LogFactory.getLog(ParentWatch.class);

	/**
	 * The environment variable through which a supervisor tells a child its process id.
	 */
	public static final String SUPERVISOR_PID_VARIABLE = "RELOADER_SUPERVISOR_PID";

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

	private static final AtomicBoolean started = new AtomicBoolean();

	private ParentWatch() {
	}

	/**
	 * When the supervisor of this child exits, run the given action, once per JVM.
	 * @param onSupervisorExit what to do (typically exit the JVM)
	 * @return whether a supervisor was found to watch
	 */
	public static boolean whenSupervisorExits(Runnable onSupervisorExit) {
		Objects.requireNonNull(onSupervisorExit, "'onSupervisorExit' must not be null");
		String pid = System.getenv(SUPERVISOR_PID_VARIABLE);
		if (pid == null || !started.compareAndSet(false, true)) {
			return false;
		}
		long supervisorPid;
		try {
			supervisorPid = Long.parseLong(pid.trim());
		}
		catch (NumberFormatException ex) {
			logger.warn("Not watching the supervisor: " + SUPERVISOR_PID_VARIABLE + " is not a process id: " + pid);
			return false;
		}
		Thread thread = new Thread(new Watcher(supervisorPid, onSupervisorExit), "reloader-parent-watch");
		thread.setDaemon(true);
		thread.start();
		return true;
	}

	static boolean isGone(long supervisorPid, boolean supervisorIsParent) {
		if (supervisorIsParent) {
			return parentPid() != supervisorPid;
		}
		return ProcessHandle.of(supervisorPid).map((handle) -> !handle.isAlive()).orElse(true);
	}

	private static long parentPid() {
		Optional<ProcessHandle> parent = ProcessHandle.current().parent();
		return parent.map(ProcessHandle::pid).orElse(-1L);
	}

	private static final class Watcher implements Runnable {

		private final long supervisorPid;

		private final Runnable onSupervisorExit;

		Watcher(long supervisorPid, Runnable onSupervisorExit) {
			this.supervisorPid = supervisorPid;
			this.onSupervisorExit = onSupervisorExit;
		}

		@Override
		public void run() {
			boolean supervisorIsParent = parentPid() == this.supervisorPid;
			try {
				while (!isGone(this.supervisorPid, supervisorIsParent)) {
					Thread.sleep(CHECK_INTERVAL.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			logger.warn("The supervisor process (pid " + this.supervisorPid + ") has gone; stopping the application");
			this.onSupervisorExit.run();
		}

	}

}
