package dev.reloader.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Separates the JVM options that came from environment variables from those on the
 * command line. The JVM reports both as its input arguments, in this order: the options of
 * {@code JAVA_TOOL_OPTIONS}, those of {@code JDK_JAVA_OPTIONS}, the command line's, and
 * those of {@code _JAVA_OPTIONS}. A child that inherits the variables and also got these
 * options on its command line would apply them twice.
 *
 * @author Reloader contributors
 */
final class EnvironmentOptions {

	private static final String TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

	private static final String LAUNCHER_OPTIONS = "JDK_JAVA_OPTIONS";

	private static final String TRAILING_OPTIONS = "_JAVA_OPTIONS";

	private final List<String> commandLineOptions;

	private final Map<String, String> childEnvironment;

	private EnvironmentOptions(List<String> commandLineOptions, Map<String, String> childEnvironment) {
		this.commandLineOptions = commandLineOptions;
		this.childEnvironment = childEnvironment;
	}

	/**
	 * Split the given input arguments.
	 * @param inputArguments the JVM's input arguments
	 * @param environment the JVM's environment variables
	 * @return the split
	 */
	static EnvironmentOptions of(List<String> inputArguments, Function<String, String> environment) {
		List<String> options = new ArrayList<>(inputArguments);
		Map<String, String> childEnvironment = new LinkedHashMap<>();
		int start = 0;
		for (String variable : List.of(TOOL_OPTIONS, LAUNCHER_OPTIONS)) {
			List<String> tokens = tokens(environment.apply(variable));
			if (tokens.isEmpty()) {
				continue;
			}
			if (start + tokens.size() <= options.size()
					&& options.subList(start, start + tokens.size()).equals(tokens)) {
				options.subList(start, start + tokens.size()).clear();
			}
			else {
				childEnvironment.put(variable, null);
			}
		}
		List<String> trailing = tokens(environment.apply(TRAILING_OPTIONS));
		if (!trailing.isEmpty()) {
			int from = options.size() - trailing.size();
			if (from >= 0 && options.subList(from, options.size()).equals(trailing)) {
				options.subList(from, options.size()).clear();
			}
			else {
				childEnvironment.put(TRAILING_OPTIONS, null);
			}
		}
		return new EnvironmentOptions(List.copyOf(options), childEnvironment);
	}

	/**
	 * Return the options that were given on the command line (or in an argument file).
	 * @return the options
	 */
	List<String> commandLineOptions() {
		return this.commandLineOptions;
	}

	/**
	 * Return the variables to remove for the child, because their options could not be
	 * told apart and are passed on the command line instead.
	 * @return the variables, each with a {@code null} value
	 */
	Map<String, String> childEnvironment() {
		return this.childEnvironment;
	}

	/**
	 * Split the value of an options variable the way the JVM does: at white space, except
	 * inside single or double quotes, which are removed.
	 * @param value the value of the variable, may be {@code null}
	 * @return the options
	 */
	static List<String> tokens(String value) {
		List<String> tokens = new ArrayList<>();
		if (value == null) {
			return tokens;
		}
		StringBuilder current = null;
		char quote = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
				else {
					current.append(c);
				}
			}
			else if (Character.isWhitespace(c)) {
				if (current != null) {
					tokens.add(current.toString());
					current = null;
				}
			}
			else {
				if (current == null) {
					current = new StringBuilder();
				}
				if (c == '\'' || c == '"') {
					quote = c;
				}
				else {
					current.append(c);
				}
			}
		}
		if (current != null) {
			tokens.add(current.toString());
		}
		return tokens;
	}

}
