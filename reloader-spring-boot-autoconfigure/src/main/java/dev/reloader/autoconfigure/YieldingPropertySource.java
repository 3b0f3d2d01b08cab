package dev.reloader.autoconfigure;

import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Defaults as a property source that answers only for properties that no other source
 * of the environment sets, in any of the relaxed forms that binding accepts, wherever
 * that other source sits (before or after this one). It is not enumerable, so that
 * binding asks it for each property rather than listing its names up front.
 *
 * @author Reloader contributors
 */
final class YieldingPropertySource extends PropertySource<Map<String, Object>> {

	/**
	 * The name of the source that Spring Boot attaches to see all others through.
	 */
	private static final String ATTACHED_SOURCE_NAME = "configurationProperties";

	private final MutablePropertySources sources;

	YieldingPropertySource(String name, Map<String, Object> defaults, MutablePropertySources sources) {
		super(name, defaults);
		this.sources = sources;
	}

	@Override
	public Object getProperty(String name) {
		Object value = getSource().get(name);
		if (value == null || otherSourceOf(name, this.sources) != null) {
			return null;
		}
		return value;
	}

	/**
	 * Return the first property source, other than the defaults, that sets a property.
	 * @param name the property name
	 * @param sources the environment's property sources
	 * @return the source, or {@code null} if none sets it
	 */
	static PropertySource<?> otherSourceOf(String name, MutablePropertySources sources) {
		ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
		for (PropertySource<?> source : sources) {
			// The attached source sees every other source, the defaults included
			if (source instanceof YieldingPropertySource || ATTACHED_SOURCE_NAME.equals(source.getName())) {
				continue;
			}
			ConfigurationPropertySource adapted = ConfigurationPropertySource.from(source);
			if (adapted != null && adapted.getConfigurationProperty(propertyName) != null) {
				return source;
			}
		}
		return null;
	}

}
