package dev.reloader.autoconfigure.containers;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.containers.GenericContainer;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Leaves the containers declared as beans running when a child closes its context: their
 * bean definitions lose their destroy method (an inferred {@code close()} would stop and
 * remove the container). Spring Boot's own Testcontainers lifecycle then closes only the
 * containers that are not reused, so a container that cannot be reused still goes with
 * the child, as without the reloader.
 *
 * @author Reloader contributors
 */
final class ContainerBeanDefinitions implements BeanFactoryPostProcessor {

	private static final Log logger = LogFactory.getLog(ContainerBeanDefinitions.class);

	private final ContainerLabels labels;

	ContainerBeanDefinitions(ContainerLabels labels) {
		this.labels = labels;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.labels == null) {
			return;
		}
		for (String name : beanFactory.getBeanNamesForType(GenericContainer.class, true, false)) {
			if (beanFactory.containsBeanDefinition(name)) {
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				if (logger.isDebugEnabled()) {
					logger.debug("Container bean '" + name + "' stays running when the application restarts");
				}
				definition.setDestroyMethodName("");
			}
		}
	}

}
