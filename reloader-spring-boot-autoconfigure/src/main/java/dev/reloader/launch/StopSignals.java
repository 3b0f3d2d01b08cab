package dev.reloader.launch;

import java.util.function.IntConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import sun.misc.Signal;

/**
 * Catches SIGINT and SIGTERM in the supervisor, so that it can stop its child and then end
 * with the child's exit code instead of the JVM ending at once.
 *
 * @author Reloader contributors
 */
final class StopSignals {

	private static final Log logger = LogFactory.getLog(StopSignals.class);

	/**
	 * The number of SIGINT, as in the exit code 128 + 2 of a process it ended.
	 */
	static final int SIGINT = 2;

	/**
	 * The number of SIGTERM, as in the exit code 128 + 15 of a process it ended.
	 */
	static final int SIGTERM = 15;

	private StopSignals() {
	}

	/**
	 * Handle SIGINT and SIGTERM with the given action instead of the JVM's shutdown.
	 * Where a signal cannot be handled (for example SIGTERM on Windows) the JVM's default
	 * stays, and the supervisor's shutdown hook stops the child.
	 * @param action receives the number of each signal, on a thread of its own
	 */
	static void handle(IntConsumer action) {
		handle("INT", action);
		handle("TERM", action);
	}

	private static void handle(String name, IntConsumer action) {
		try {
			Signal.handle(new Signal(name), (signal) -> action.accept(signal.getNumber()));
		}
		catch (IllegalArgumentException | LinkageError ex) {
			logger.debug("Cannot handle SIG" + name + "; relying on the shutdown hook", ex);
		}
	}

}
