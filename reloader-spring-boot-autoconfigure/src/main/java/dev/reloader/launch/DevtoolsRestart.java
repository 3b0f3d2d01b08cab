package dev.reloader.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * spring-boot-devtools restarts an application in a fresh class loader when its classes
 * change; next to the reloader, a change could restart the application twice, or only in
 * the old JVM. When devtools is on the class path, the children get its restart turned
 * off through the environment variable {@value #ENVIRONMENT_VARIABLE}: devtools then
 * watches no files, while LiveReload, its property defaults and its other features keep
 * working (they need its restarter initialized, which turning the restart off with a
 * system property would prevent).
 *
 * @author Reloader contributors
 */
public final class DevtoolsRestart {

	/**
	 * The class that marks devtools on the class path.
	 */
	static final String RESTARTER_CLASS = "org.springframework.boot.devtools.restart.Restarter";

	static final String ENVIRONMENT_VARIABLE = "SPRING_DEVTOOLS_RESTART_ENABLED";

	private static final String SYSTEM_PROPERTY_OPTION = "-Dspring.devtools.restart.enabled";

	private DevtoolsRestart() {
	}

	/**
	 * Return whether spring-boot-devtools is on the class path.
	 * @param classLoader the application's class loader
	 * @return {@code true} if its restarter can be loaded
	 */
	public static boolean isPresent(ClassLoader classLoader) {
		try {
			Class.forName(RESTARTER_CLASS, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Return a child command with the devtools restart turned off. A system property that
	 * turns it on is left out, since it would win over the environment variable; one that
	 * turns devtools off entirely is kept.
	 * @param command the command
	 * @return the command for a child without devtools restarts
	 */
	public static ChildCommand turnOff(ChildCommand command) {
		List<String> options = new ArrayList<>();
		for (String option : command.getJvmOptions()) {
			if (!option.startsWith(SYSTEM_PROPERTY_OPTION) || option.equals(SYSTEM_PROPERTY_OPTION + "=false")) {
				options.add(option);
			}
		}
		return command.withJvmOptions(options).withEnvironmentVariable(ENVIRONMENT_VARIABLE, "false");
	}

}
