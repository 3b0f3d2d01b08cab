package dev.reloader.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The JDWP debug agent of a JVM launched for debugging, and the one its children get
 * instead: a child must not listen on the address the supervisor already holds, nor
 * connect again to a debugger that accepted the supervisor.
 * <p>
 * A child always listens ({@code server=y}): on the given port, else on the launched
 * agent's port + 1 when that one listens, else on a free port. It waits for a debugger
 * ({@code suspend=y}) only if asked to.
 *
 * @author Reloader contributors
 */
public final class DebugAgent {

	private static final String AGENTLIB_PREFIX = "-agentlib:jdwp=";

	private static final String XRUN_PREFIX = "-Xrunjdwp:";

	private final Map<String, String> options;

	private DebugAgent(Map<String, String> options) {
		this.options = options;
	}

	/**
	 * Find the JDWP agent among JVM options.
	 * @param jvmOptions the options
	 * @return the agent, or {@code null} if there is none
	 */
	public static DebugAgent find(List<String> jvmOptions) {
		for (String option : jvmOptions) {
			String value = agentOptions(option);
			if (value != null) {
				return new DebugAgent(parse(value));
			}
		}
		return null;
	}

	private static String agentOptions(String option) {
		if (option.startsWith(AGENTLIB_PREFIX)) {
			return option.substring(AGENTLIB_PREFIX.length());
		}
		if (option.startsWith(XRUN_PREFIX)) {
			return option.substring(XRUN_PREFIX.length());
		}
		return null;
	}

	private static Map<String, String> parse(String value) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String pair : value.split(",")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				options.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
			else if (!pair.isEmpty()) {
				options.put(pair, "");
			}
		}
		return options;
	}

	/**
	 * Return the options for a child of a JVM launched with the given options: the same,
	 * with the JDWP agent (if any) replaced by one for the child.
	 * @param jvmOptions the launched JVM's options
	 * @param port the port for the child, or {@code null} for the default
	 * @param suspend whether the child waits for a debugger before it runs
	 * @return the child's options
	 */
	public static List<String> forChild(List<String> jvmOptions, Integer port, boolean suspend) {
		if (port != null && (port < 1 || port > 65535)) {
			throw new IllegalArgumentException("'port' must be between 1 and 65535, was " + port);
		}
		List<String> result = new ArrayList<>();
		for (String option : jvmOptions) {
			String value = agentOptions(option);
			result.add((value != null) ? new DebugAgent(parse(value)).childOption(port, suspend) : option);
		}
		return result;
	}

	private String childOption(Integer port, boolean suspend) {
		Map<String, String> child = new LinkedHashMap<>(this.options);
		child.put("server", "y");
		child.put("suspend", suspend ? "y" : "n");
		child.put("address", childHost() + childPort(port));
		StringJoiner joined = new StringJoiner(",", AGENTLIB_PREFIX, "");
		child.forEach((name, value) -> joined.add(value.isEmpty() ? name : name + "=" + value));
		return joined.toString();
	}

	private String childHost() {
		String address = this.options.getOrDefault("address", "");
		int colon = address.lastIndexOf(':');
		if (isServer()) {
			// Keep the launched agent's host, or none (local only) like the launched agent
			return (colon >= 0) ? address.substring(0, colon + 1) : "";
		}
		// A debugger that listened for the launched JVM waits on this machine
		return "localhost:";
	}

	private int childPort(Integer port) {
		if (port != null) {
			return port;
		}
		int launchedPort = listeningPort();
		if (launchedPort > 0 && launchedPort < 65535) {
			return launchedPort + 1;
		}
		return freePort();
	}

	/**
	 * Return the port this agent listens on.
	 * @return the port, or 0 if it does not listen or picks a port itself
	 */
	public int listeningPort() {
		if (!isServer()) {
			return 0;
		}
		String address = this.options.getOrDefault("address", "");
		try {
			return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Return the address a debugger attaches to, for example {@code *:5006}.
	 * @return the address as given to the agent
	 */
	public String getAddress() {
		return this.options.getOrDefault("address", "");
	}

	/**
	 * Return whether the agent listens for a debugger (rather than connects to one).
	 * @return whether {@code server=y}
	 */
	public boolean isServer() {
		return "y".equals(this.options.get("server"));
	}

	/**
	 * Return whether the JVM waits for a debugger before it runs.
	 * @return whether {@code suspend=y} (the agent's default)
	 */
	public boolean isSuspend() {
		return !"n".equals(this.options.get("suspend"));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port for the debugger of the application", ex);
		}
	}

}
