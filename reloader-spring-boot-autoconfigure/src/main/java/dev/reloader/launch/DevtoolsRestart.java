package dev.reloader.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * spring-boot-devtools restarts an application in a fresh class loader when its classes
 * change; next to the reloader, each change would restart the application twice. When
 * devtools is on the class path, the children are started with its restart turned off
 * (devtools reads the system property {@value #ENABLED_PROPERTY} for that); LiveReload,
 * the property defaults and the other devtools features keep working.
 *
 * @author Reloader contributors
 */
public final class DevtoolsRestart {

	/**
	 * The class that marks devtools on the class path.
	 */
	static final String RESTARTER_CLASS = "org.springframework.boot.devtools.restart.Restarter";

	static final String ENABLED_PROPERTY = "spring.devtools.restart.enabled";

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
	 * Return a child's JVM options with the devtools restart turned off: any setting of
	 * {@value #ENABLED_PROPERTY} is replaced.
	 * @param jvmOptions the options
	 * @return the options with {@code -Dspring.devtools.restart.enabled=false} last
	 */
	public static List<String> turnOff(List<String> jvmOptions) {
		List<String> options = new ArrayList<>();
		for (String option : jvmOptions) {
			if (!option.startsWith("-D" + ENABLED_PROPERTY + "=") && !option.equals("-D" + ENABLED_PROPERTY)) {
				options.add(option);
			}
		}
		options.add("-D" + ENABLED_PROPERTY + "=false");
		return options;
	}

}
