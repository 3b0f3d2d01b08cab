package dev.reloader.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.reloader.launch.ParentWatch;
import dev.reloader.launch.Supervisor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds {@code reloader.*} keys that no property of {@link ReloaderProperties} binds, so
 * that a typo does not go unnoticed, and names the nearest valid property.
 *
 * @author Reloader contributors
 */
final class UnknownReloaderProperties {

	private static final Log logger = LogFactory.getLog(UnknownReloaderProperties.class);

	private static final String PREFIX = "reloader.";

	private static final Set<String> INTERNAL_VARIABLES = Set.of(Supervisor.CHILD_ENVIRONMENT_VARIABLE,
			ParentWatch.SUPERVISOR_PID_VARIABLE);

	private UnknownReloaderProperties() {
	}

	/**
	 * Log a warning for each unknown key.
	 * @param environment the environment
	 */
	static void warn(ConfigurableEnvironment environment) {
		for (String message : find(environment)) {
			logger.warn(message);
		}
	}

	/**
	 * Return a message for each unknown key.
	 * @param environment the environment
	 * @return the messages, in property source order
	 */
	static List<String> find(ConfigurableEnvironment environment) {
		List<String> known = knownNames();
		Set<String> messages = new LinkedHashSet<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			boolean variables = source instanceof SystemEnvironmentPropertySource;
			for (String key : enumerable.getPropertyNames()) {
				String message = variables ? checkVariable(key, known) : checkProperty(key, known);
				if (message != null) {
					messages.add(message + " (" + source.getName() + ")");
				}
			}
		}
		return new ArrayList<>(messages);
	}

	private static String checkProperty(String key, List<String> known) {
		if (!key.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
			return null;
		}
		String name = key.replaceAll("\\[[^\\]]*\\]$", "");
		String relaxed = relaxed(name);
		for (String candidate : known) {
			if (candidate.endsWith(".*") ? relaxed.startsWith(relaxed(candidate.substring(0, candidate.length() - 1)))
					: relaxed(candidate).equals(relaxed)) {
				return null;
			}
		}
		return "Unknown property '" + key + "'; did you mean '" + nearest(name.toLowerCase(Locale.ROOT), known)
				+ "'?";
	}

	private static String checkVariable(String key, List<String> known) {
		if (!key.toUpperCase(Locale.ROOT).startsWith("RELOADER_") || INTERNAL_VARIABLES.contains(key)) {
			return null;
		}
		String squashed = squashed(key.replaceAll("_\\d+_?$", ""));
		for (String candidate : known) {
			if (squashed(candidate).equals(squashed)) {
				return null;
			}
		}
		String nearest = nearest(key.toLowerCase(Locale.ROOT).replace('_', '.'), known);
		return "Unknown environment variable '" + key + "'; did you mean "
				+ nearest.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", "") + " (" + nearest + ")?";
	}

	/**
	 * Return a name in a form where the relaxed spellings of Spring Boot's binding
	 * ({@code poll-interval}, {@code pollInterval}, {@code poll_interval}) are equal.
	 */
	private static String relaxed(String name) {
		return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	private static String squashed(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	static String nearest(String name, List<String> known) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(name, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return best;
	}

	/**
	 * Return the edit distance of two strings: the fewest insertions, deletions and
	 * replacements of single characters that turn one into the other.
	 */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int replace = previous[j - 1] + ((a.charAt(i - 1) != b.charAt(j - 1)) ? 1 : 0);
				current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * Return the names of all properties of {@link ReloaderProperties}, in kebab case,
	 * with the {@code reloader.} prefix.
	 * @return the names
	 */
	static List<String> knownNames() {
		List<String> names = new ArrayList<>();
		collect(ReloaderProperties.class, "reloader", names);
		return names;
	}

	private static void collect(Class<?> type, String prefix, List<String> names) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
				continue;
			}
			String name = prefix + "." + kebab(descriptor.getName());
			Class<?> propertyType = descriptor.getPropertyType();
			if (descriptor.getWriteMethod() == null && propertyType.getDeclaringClass() == ReloaderProperties.class) {
				collect(propertyType, name, names);
			}
			else if (Map.class.isAssignableFrom(propertyType)) {
				names.add(name + ".*");
			}
			else {
				names.add(name);
			}
		}
	}

	private static String kebab(String name) {
		StringBuilder kebab = new StringBuilder();
		for (char c : name.toCharArray()) {
			if (Character.isUpperCase(c)) {
				kebab.append('-').append(Character.toLowerCase(c));
			}
			else {
				kebab.append(c);
			}
		}
		return kebab.toString();
	}

}
