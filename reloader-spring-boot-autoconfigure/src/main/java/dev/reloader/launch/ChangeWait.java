package dev.reloader.launch;

import java.io.IOException;

/**
 * Blocks a supervisor whose application has crashed until a change of the watched files
 * makes another start worth trying.
 *
 * @author Reloader contributors
 */
@FunctionalInterface
public interface ChangeWait {

	/**
	 * Return as soon as a change that calls for a restart has been seen.
	 * @throws IOException if the files cannot be watched
	 * @throws InterruptedException if the calling thread was interrupted, for example
	 * because the supervisor is asked to stop
	 */
	void await() throws IOException, InterruptedException;

}
