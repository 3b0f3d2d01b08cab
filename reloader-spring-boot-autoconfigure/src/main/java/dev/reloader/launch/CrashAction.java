package dev.reloader.launch;

/**
 * What the supervisor does when the application exits with a code other than 0 (a normal
 * end) and 3 (a restart).
 *
 * @author Reloader contributors
 */
public enum CrashAction {

	/**
	 * Wait for a change of the watched files, then start the application again.
	 */
	WAIT,

	/**
	 * End the supervisor with the application's exit code.
	 */
	EXIT

}
