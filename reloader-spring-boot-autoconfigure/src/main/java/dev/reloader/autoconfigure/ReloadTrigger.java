package dev.reloader.autoconfigure;

/**
 * Ends the application so that its supervisor starts a new one.
 *
 * @author Reloader contributors
 */
@FunctionalInterface
interface ReloadTrigger {

	/**
	 * Restart: in an application, exit the JVM with the restart code (the exit code is
	 * fixed before anything closes; Spring Boot's shutdown hook closes the context).
	 */
	void restart();

}
