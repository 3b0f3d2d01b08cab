package dev.reloader.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Property defaults for development, added to the environment of the application that
 * the reloader runs in a child JVM: template caches off, static resources served
 * uncached, error details in error responses, and no Reactor Netty shutdown quiet period
 * (so that a WebFlux application releases its port at once when it restarts).
 * <p>
 * The defaults are the environment's last property source, and each default also gives
 * way to any other property source that sets the same property, wherever that source
 * sits, so that a value of the application's own always wins: from the command line,
 * environment variables, {@code application.yml}, a {@code @PropertySource} added later,
 * or {@code SpringApplication.setDefaultProperties} (which Spring Boot keeps last). They are never added outside a
 * child of the reloader (tests, packaged jars, production), nor with
 * {@code reloader.dev-defaults.enabled=false}, nor when spring-boot-devtools is on the
 * class path, since devtools adds defaults of its own.
 *
 * @author Reloader contributors
 */
final class DevelopmentDefaults {

	/**
	 * The name of the property source that holds the defaults.
	 */
	static final String PROPERTY_SOURCE_NAME = "reloaderDevelopmentDefaults";

	/**
	 * A class of Spring Boot 3, which binds the error attributes under
	 * {@code server.error} rather than {@code spring.web.error}.
	 */
	private static final String BOOT3_SERVER_PROPERTIES = "org.springframework.boot.autoconfigure.web.ServerProperties";

	private static final Log logger = LogFactory.getLog(DevelopmentDefaults.class);

	private DevelopmentDefaults() {
	}

	/**
	 * Return the defaults for the Spring Boot version on the given class path.
	 * @param classLoader the application's class loader
	 * @return the property names and values, in a stable order
	 */
	static Map<String, Object> properties(ClassLoader classLoader) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.thymeleaf.cache", "false");
		properties.put("spring.freemarker.cache", "false");
		properties.put("spring.groovy.template.cache", "false");
		properties.put("spring.mustache.servlet.cache", "false");
		properties.put("spring.template.provider.cache", "false");
		properties.put("spring.web.resources.cache.period", "0");
		properties.put("spring.web.resources.chain.cache", "false");
		properties.put("spring.reactor.netty.shutdown-quiet-period", "0s");
		String error = ClassUtils.isPresent(BOOT3_SERVER_PROPERTIES, classLoader) ? "server.error"
				: "spring.web.error";
		properties.put(error + ".include-stacktrace", "always");
		properties.put(error + ".include-message", "always");
		properties.put(error + ".include-binding-errors", "always");
		return Collections.unmodifiableMap(properties);
	}

	/**
	 * Add the defaults to the environment of a child of the reloader, unless they are
	 * turned off or spring-boot-devtools adds its own.
	 * @param environment the prepared environment of the application
	 * @param enabled the value of {@code reloader.dev-defaults.enabled}
	 * @param devtools whether spring-boot-devtools is on the class path
	 * @param classLoader the application's class loader
	 * @return whether the defaults were added
	 */
	static boolean apply(ConfigurableEnvironment environment, boolean enabled, boolean devtools,
			ClassLoader classLoader) {
		if (!enabled) {
			logger.debug("No development defaults: reloader.dev-defaults.enabled is false");
			return false;
		}
		if (devtools) {
			logger.debug("No development defaults of the reloader: spring-boot-devtools adds its own");
			return false;
		}
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return false;
		}
		Map<String, Object> properties = properties(classLoader);
		if (logger.isDebugEnabled()) {
			properties.forEach((name, value) -> logger.debug(describe(environment, name, value)));
		}
		environment.getPropertySources()
			.addLast(new YieldingPropertySource(PROPERTY_SOURCE_NAME, properties, environment.getPropertySources()));
		logger.info("Development defaults applied (template caches off, static resources uncached, error details "
				+ "in responses, no Reactor Netty shutdown quiet period); set reloader.dev-defaults.enabled=false "
				+ "to turn them off");
		return true;
	}

	private static String describe(ConfigurableEnvironment environment, String name, Object value) {
		PropertySource<?> source = YieldingPropertySource.otherSourceOf(name, environment.getPropertySources());
		return "Development default " + name + "=" + value
				+ ((source != null) ? " not used: " + source.getName() + " sets it" : "");
	}

}
