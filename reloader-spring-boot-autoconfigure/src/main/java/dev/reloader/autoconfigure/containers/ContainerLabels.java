package dev.reloader.autoconfigure.containers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reloader.launch.containers.DevelopmentContainers;

/**
 * The labels that the supervisor gives a child for its containers, from the
 * {@value DevelopmentContainers#LABELS_VARIABLE} environment variable.
 *
 * @author Reloader contributors
 */
final class ContainerLabels {

	private final Map<String, String> labels;

	private ContainerLabels(Map<String, String> labels) {
		this.labels = Collections.unmodifiableMap(labels);
	}

	/**
	 * Return the labels that the supervisor gave this child.
	 * @return the labels, or {@code null} if the supervisor gave none (it does not keep
	 * containers)
	 */
	static ContainerLabels fromEnvironment() {
		return parse(System.getenv(DevelopmentContainers.LABELS_VARIABLE));
	}

	static ContainerLabels parse(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Map<String, String> labels = new LinkedHashMap<>();
		for (String pair : value.split(",")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
			}
		}
		return labels.containsKey(DevelopmentContainers.SUPERVISOR_LABEL) ? new ContainerLabels(labels) : null;
	}

	Map<String, String> asMap() {
		return this.labels;
	}

	/**
	 * Return the label filter that finds the containers of one bean of this supervisor.
	 * @param beanName the bean's name
	 * @return the filter, label names and values
	 */
	Map<String, String> ofBean(String beanName) {
		return Map.of(DevelopmentContainers.SUPERVISOR_LABEL, this.labels.get(DevelopmentContainers.SUPERVISOR_LABEL),
				DevelopmentContainers.BEAN_LABEL, beanName);
	}

}
