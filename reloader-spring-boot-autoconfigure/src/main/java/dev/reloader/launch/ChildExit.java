package dev.reloader.launch;

import java.time.Duration;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ends a child JVM with a given exit code: the exit code is fixed first, the shutdown
 * hooks then close the application gracefully, and if they take longer than a deadline,
 * the processes the child started are killed and the JVM halts with the same code.
 *
 * @author Reloader contributors
 */
public final class ChildExit {

	private static final Log logger = LogFactory.getLog(ChildExit.class);

	private ChildExit() {
	}

	/**
	 * Exit the JVM. Does not return.
	 * @param exitCode the exit code
	 * @param deadline how long the shutdown hooks may take
	 */
	public static void exit(int exitCode, Duration deadline) {
		Objects.requireNonNull(deadline, "'deadline' must not be null");
		Thread watchdog = new Thread(new Watchdog(exitCode, deadline), "reloader-exit-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		System.exit(exitCode);
	}

	private static final class Watchdog implements Runnable {

		private final int exitCode;

		private final Duration deadline;

		Watchdog(int exitCode, Duration deadline) {
			this.exitCode = exitCode;
			this.deadline = deadline;
		}

		@Override
		public void run() {
			try {
				Thread.sleep(this.deadline.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			logger.warn("Application did not close within " + this.deadline.toMillis()
					+ " ms (reloader.shutdown-timeout); halting");
			ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
			Runtime.getRuntime().halt(this.exitCode);
		}

	}

}
