package dev.reloader.watch;

/**
 * Which {@link Reloader} to use.
 *
 * @author Reloader contributors
 */
public enum ReloaderType {

	/**
	 * Pick the best one that works here: Watchman, then native file system events, then
	 * polling.
	 */
	AUTO,

	/**
	 * Use a Watchman server; fail if none answers.
	 */
	WATCHMAN,

	/**
	 * Use the JDK's native file system events.
	 */
	NATIVE,

	/**
	 * Poll modification times.
	 */
	STAT

}
