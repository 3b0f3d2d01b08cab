package dev.reloader.launch;

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Lets a child JVM notice that its supervisor is gone (killed with SIGKILL, say) and end
 * itself instead of living on as an orphan that holds the application's port.
 *
 * @author Reloader contributors
 */
public final class ParentWatch {

	private static final Log logger = LogFactory.getLog(ParentWatch.class);

	/**
	 * The environment variable through which a supervisor tells a child its process id.
	 */
	public static final String SUPERVISOR_PID_VARIABLE = "RELOADER_SUPERVISOR_PID";

	private ParentWatch() {
	}

	/**
	 * When the supervisor of this child exits, run the given action.
	 * @param onSupervisorExit what to do (typically exit the JVM)
	 * @return whether a supervisor was found to watch
	 */
	public static boolean whenSupervisorExits(Runnable onSupervisorExit) {
		Optional<ProcessHandle> supervisor = findSupervisor(onSupervisorExit);
		if (supervisor.isEmpty()) {
			return false;
		}
		long pid = supervisor.get().pid();
		supervisor.get().onExit().thenRun(() -> {
			logger.warn("The supervisor process (pid " + pid + ") has gone; stopping the application");
			onSupervisorExit.run();
		});
		return true;
	}

	private static Optional<ProcessHandle> findSupervisor(Runnable onSupervisorExit) {
		String pid = System.getenv(SUPERVISOR_PID_VARIABLE);
		if (pid != null) {
			try {
				Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(pid.trim()));
				if (handle.isPresent()) {
					return handle;
				}
				logger.warn("The supervisor process (pid " + pid + ") has gone; stopping the application");
				onSupervisorExit.run();
				return Optional.empty();
			}
			catch (NumberFormatException ex) {
				// fall through to the parent
			}
		}
		return ProcessHandle.current().parent();
	}

}
