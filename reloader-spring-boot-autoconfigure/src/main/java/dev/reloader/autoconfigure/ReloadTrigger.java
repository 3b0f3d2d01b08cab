package dev.reloader.autoconfigure;

import dev.reloader.launch.Supervisor;

/**
 * Ends the application so that its supervisor starts a new one.
 *
 * @author Reloader contributors
 */
@FunctionalInterface
interface ReloadTrigger {

	/**
	 * Exit the JVM with the restart code. The exit code is fixed before anything closes,
	 * and the application context is closed gracefully by Spring Boot's shutdown hook.
	 */
	ReloadTrigger EXIT = () -> System.exit(Supervisor.RESTART_EXIT_CODE);

	void restart();

}
