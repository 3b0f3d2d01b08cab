package dev.reloader.autoconfigure;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Keeps the services of spring-boot-docker-compose running while the application
 * restarts. With Spring Boot's default {@code lifecycle-management=start-and-stop}, each
 * child would stop the services when it exits and the next child would start them again
 * and wait for them. Instead, children default to {@code start-only}, and the supervisor
 * stops the services when it ends, if a child started them, with the stop command,
 * timeout and arguments of {@code spring.docker.compose.stop.*}.
 * <p>
 * An explicit {@code spring.docker.compose.lifecycle-management} of the application's
 * own applies to every child as it is, and the supervisor then leaves the services alone.
 *
 * @author Reloader contributors
 */
final class DockerComposeServices {

	static final String LIFECYCLE_MANAGEMENT_PROPERTY = "spring.docker.compose.lifecycle-management";

	static final String PROPERTY_SOURCE_NAME = "reloaderDockerCompose";

	private static final String LIFECYCLE_MANAGER_CLASS = "org.springframework.boot.docker.compose.lifecycle."
			+ "DockerComposeLifecycleManager";

	private static final Log logger = LogFactory.getLog(DockerComposeServices.class);

	private DockerComposeServices() {
	}

	/**
	 * In a child, leave the services running when the child exits, unless the
	 * application sets the lifecycle itself.
	 * @param environment the prepared environment of the child
	 * @param classLoader the application's class loader
	 */
	static void keepRunningInChild(ConfigurableEnvironment environment, ClassLoader classLoader) {
		if (!ClassUtils.isPresent(LIFECYCLE_MANAGER_CLASS, classLoader)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = Map.of(LIFECYCLE_MANAGEMENT_PROPERTY, "start-only");
		environment.getPropertySources()
			.addLast(new YieldingPropertySource(PROPERTY_SOURCE_NAME, defaults, environment.getPropertySources()));
	}

	/**
	 * In the supervisor, before the first child starts: return what stops the services
	 * when the supervisor ends, as Spring Boot's {@code start-and-stop} would have
	 * stopped them when the application ended.
	 * @param environment the prepared environment of the launched JVM
	 * @param classLoader the application's class loader
	 * @return what to run when the supervisor ends (does nothing if there is nothing to
	 * stop)
	 */
	static Runnable stopWhenSupervisorEnds(ConfigurableEnvironment environment, ClassLoader classLoader) {
		if (!ClassUtils.isPresent(LIFECYCLE_MANAGER_CLASS, classLoader)) {
			return () -> {
			};
		}
		try {
			return DockerComposeStop.prepare(environment);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.warn("Cannot tell whether Docker Compose services are running (" + ex
					+ "); they stay as the application leaves them");
			return () -> {
			};
		}
	}

}
