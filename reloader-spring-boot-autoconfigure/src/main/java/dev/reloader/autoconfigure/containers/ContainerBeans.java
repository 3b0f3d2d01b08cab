package dev.reloader.autoconfigure.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.reloader.launch.containers.DevelopmentContainers;
import dev.reloader.launch.standby.StandbyRehearsal;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Makes each container declared as a bean reusable and labels it with the application, the
 * supervisor and the bean, before Spring Boot starts it. Testcontainers then finds the
 * running container of the previous child (same configuration, same labels) instead of
 * creating one. A container whose {@link ContainerFingerprint fingerprint} (image,
 * environment, command, ports) changed is removed before its replacement starts; one that
 * Testcontainers replaced for another change is removed once the application's beans
 * exist. The log says which container was kept and which replaced.
 *
 * @author Reloader contributors
 */
final class ContainerBeans implements BeanPostProcessor, SmartInitializingSingleton, EnvironmentAware {

	private static final Log logger = LogFactory.getLog(ContainerBeans.class);

	private final ContainerLabels labels;

	private final Object monitor = new Object();

	private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();

	private final Map<String, List<String>> earlier = new LinkedHashMap<>();

	private boolean rehearsal;

	ContainerBeans(ContainerLabels labels) {
		this.labels = labels;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.rehearsal = environment instanceof ConfigurableEnvironment configurable
				&& StandbyRehearsal.isRehearsal(configurable);
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (this.labels == null || !(bean instanceof GenericContainer<?> container)
				|| container.getContainerId() != null) {
			return bean;
		}
		String overriding = overridingCreationCallback(container);
		if (overriding != null) {
			logger.info("Container bean '" + beanName + "' starts again at each restart: " + overriding
					+ " overrides containerIsCreated, so Testcontainers cannot reuse it");
			return bean;
		}
		container.withReuse(true);
		container.withLabels(this.labels.asMap());
		container.withLabel(DevelopmentContainers.BEAN_LABEL, beanName);
		String fingerprint = ContainerFingerprint.of(container);
		container.withLabel(ContainerFingerprint.LABEL, fingerprint);
		if (this.rehearsal) {
			// A standby's rehearsal finds the running container and changes nothing
			return bean;
		}
		List<String> earlierIds = new ArrayList<>();
		for (Container earlier : containersOf(beanName)) {
			if (!fingerprint.equals(earlier.getLabels().get(ContainerFingerprint.LABEL))) {
				// Before the new one starts, so that it can take the same fixed ports
				remove(earlier.getId());
			}
			earlierIds.add(earlier.getId());
		}
		synchronized (this.monitor) {
			this.containers.put(beanName, container);
			this.earlier.put(beanName, earlierIds);
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, GenericContainer<?>> containers;
		Map<String, List<String>> earlier;
		synchronized (this.monitor) {
			containers = new LinkedHashMap<>(this.containers);
			earlier = new LinkedHashMap<>(this.earlier);
		}
		containers.forEach((beanName, container) -> {
			String id = container.getContainerId();
			if (id != null) {
				report(beanName, container, id, earlier.getOrDefault(beanName, List.of()));
			}
		});
	}

	private void report(String beanName, GenericContainer<?> container, String id, List<String> earlierIds) {
		if (earlierIds.contains(id)) {
			logger.info("Kept container " + shortId(id) + " of bean '" + beanName + "' (" + container.getDockerImageName()
					+ ") from before the restart");
		}
		for (String earlierId : earlierIds) {
			if (!earlierId.equals(id)) {
				logger.info("Replaced container " + shortId(earlierId) + " of bean '" + beanName + "' by "
						+ shortId(id) + " (" + container.getDockerImageName() + "): its configuration changed");
				remove(earlierId);
			}
		}
	}

	private List<Container> containersOf(String beanName) {
		try {
			DockerClient client = DockerClientFactory.instance().client();
			return client.listContainersCmd().withShowAll(true).withLabelFilter(this.labels.ofBean(beanName)).exec();
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot list the earlier containers of bean '" + beanName + "'", ex);
			return List.of();
		}
	}

	private void remove(String id) {
		try {
			DockerClientFactory.instance().client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
		}
		catch (NotFoundException ex) {
			// Already removed
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to remove container " + shortId(id) + ": " + ex.getMessage()
					+ "; it is removed when the reloader ends");
		}
	}

	/**
	 * Return the class that keeps Testcontainers from reusing the container: one that
	 * overrides {@code containerIsCreated}, as Testcontainers checks before reuse.
	 */
	private static String overridingCreationCallback(GenericContainer<?> container) {
		for (Class<?> type = container.getClass(); type != GenericContainer.class && type != null; type = type
			.getSuperclass()) {
			try {
				type.getDeclaredMethod("containerIsCreated", String.class);
				return type.getName();
			}
			catch (NoSuchMethodException | NoClassDefFoundError ex) {
				// Not overridden here
			}
		}
		return null;
	}

	private static String shortId(String id) {
		return (id.length() > 12) ? id.substring(0, 12) : id;
	}

}
