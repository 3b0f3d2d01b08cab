package dev.reloader.autoconfigure.containers;

import dev.reloader.autoconfigure.ConditionalOnReloaderChild;
import dev.reloader.launch.containers.DevelopmentContainers;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of containers declared as beans (Testcontainers at development time)
 * in a child JVM of the reloader: each container lives as long as the supervisor, so a
 * restart of the application neither stops nor starts it. See
 * {@link DevelopmentContainers} for the supervisor's side.
 *
 * @author Reloader contributors
 */
@AutoConfiguration
@ConditionalOnReloaderChild
@ConditionalOnProperty(prefix = "reloader", name = "enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.testcontainers.containers.GenericContainer")
public final class DevelopmentContainersAutoConfiguration {

	@Bean
	static ContainerBeanDefinitions reloaderContainerBeanDefinitions() {
		return new ContainerBeanDefinitions(ContainerLabels.fromEnvironment());
	}

	@Bean
	static ContainerBeans reloaderContainerBeans() {
		return new ContainerBeans(ContainerLabels.fromEnvironment());
	}

}
