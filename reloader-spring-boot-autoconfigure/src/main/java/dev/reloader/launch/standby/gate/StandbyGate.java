package dev.reloader.launch.standby.gate;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The gate of a waiting standby: refuses every action outside the JVM (a socket bound, a
 * connection opened, a file created, written, truncated, renamed or deleted, a process
 * started) until the standby is told to go. The JDK's own code calls it at the start of a
 * few methods through which all of those actions go ({@link GateTransformer}); a refused
 * action throws a {@link SecurityException} before anything happens, and is remembered so
 * that a rehearsal that swallowed it still falls back.
 * <p>
 * Allowed before go: the connection to the supervisor's channel, anything under the
 * standby's own private directory, files opened for reading, and what the standby itself
 * runs through {@link #runOwn(Callable)}. After {@link #open()} everything is allowed, and
 * the JDK's methods only read one field that is {@code null}.
 * <p>
 * Without the agent ({@link GateAgent}) the gate is never installed and allows everything.
 *
 * @author Reloader contributors
 */
public final class StandbyGate implements BiConsumer<String, Object[]> {

	private static volatile StandbyGate installed;

	private static volatile VarHandle hook;

	private final String supervisorAddress;

	private final String privateDirectory;

	private final Path privatePath;

	private final int writeFlags;

	private final ThreadLocal<Boolean> passing = new ThreadLocal<>();

	private final ThreadLocal<Boolean> loopback = new ThreadLocal<>();

	private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());

	StandbyGate(String supervisorAddress, Path privateDirectory, int writeFlags) {
		this.supervisorAddress = supervisorAddress;
		this.privatePath = privateDirectory.toAbsolutePath().normalize();
		this.privateDirectory = this.privatePath.toString() + File.separator;
		this.writeFlags = writeFlags;
	}

	static void install(StandbyGate gate, VarHandle field) {
		installed = gate;
		hook = field;
		field.setVolatile(gate);
	}

	/**
	 * Return whether the gate is closed in this JVM: it is a standby that was not told to
	 * go yet.
	 * @return whether actions outside the JVM are refused
	 */
	public static boolean isClosed() {
		return installed != null;
	}

	/**
	 * Return the standby's private directory, where it may write while the gate is
	 * closed.
	 * @return the directory, or {@code null} if the gate is open
	 */
	public static Path privateDirectory() {
		StandbyGate gate = installed;
		return (gate != null) ? gate.privatePath : null;
	}

	/**
	 * Open the gate for good: every action is allowed from now on.
	 */
	public static void open() {
		VarHandle field = hook;
		if (field != null) {
			field.setVolatile(null);
		}
		installed = null;
	}

	/**
	 * Return how many actions were refused so far.
	 * @return the number of refused actions
	 */
	public static int refusalCount() {
		StandbyGate gate = installed;
		return (gate != null) ? gate.refusals.size() : 0;
	}

	/**
	 * Return the first action refused after the given count.
	 * @param since a count returned by {@link #refusalCount()}
	 * @return what was tried, or {@code null} if nothing was refused since
	 */
	public static String refusedSince(int since) {
		StandbyGate gate = installed;
		if (gate == null) {
			return null;
		}
		synchronized (gate.refusals) {
			return (gate.refusals.size() > since) ? gate.refusals.get(since) : null;
		}
	}

	/**
	 * Run an action of the standby itself (not of the application or a library) with the
	 * gate open for the calling thread.
	 * @param <T> the type of the result
	 * @param action the action
	 * @return its result
	 * @throws Exception what the action throws
	 */
	public static <T> T runOwn(Callable<T> action) throws Exception {
		StandbyGate gate = installed;
		if (gate == null) {
			return action.call();
		}
		Boolean before = gate.passing.get();
		gate.passing.set(Boolean.TRUE);
		try {
			return action.call();
		}
		finally {
			gate.passing.set(before);
		}
	}

	/**
	 * Run an action of the standby's warm-up, which may bind sockets to the loopback
	 * address and connect to them from the calling thread (its web server, and its
	 * requests to that server), and nothing else outside the JVM.
	 * @param <T> the type of the result
	 * @param action the action
	 * @return its result
	 * @throws Exception what the action throws
	 */
	public static <T> T runOnLoopback(Callable<T> action) throws Exception {
		StandbyGate gate = installed;
		if (gate == null) {
			return action.call();
		}
		Boolean before = gate.loopback.get();
		gate.loopback.set(Boolean.TRUE);
		try {
			return action.call();
		}
		finally {
			gate.loopback.set(before);
		}
	}

	@Override
	public void accept(String action, Object[] arguments) {
		if (installed != this || this.passing.get() != null) {
			return;
		}
		this.passing.set(Boolean.TRUE);
		String refused;
		try {
			refused = check(action, arguments);
		}
		finally {
			this.passing.remove();
		}
		if (refused != null) {
			this.refusals.add(refused);
			throw new SecurityException("A waiting standby may not act outside its JVM before it is told to go: "
					+ refused);
		}
	}

	/**
	 * Check an action.
	 * @return a description of the action if it is refused, {@code null} if allowed
	 */
	private String check(String action, Object[] arguments) {
		switch (action) {
			case GateTransformer.NET_BIND:
				return isOwnLoopback(arguments[arguments.length - 2]) ? null
						: "bind " + address(arguments[arguments.length - 2], arguments[arguments.length - 1]);
			case GateTransformer.NET_CONNECT:
				return isOwnLoopback(arguments[arguments.length - 2]) ? null
						: "connect to " + address(arguments[arguments.length - 2], arguments[arguments.length - 1]);
			case GateTransformer.NET_CONNECT_ADDRESS:
				Object address = arguments[arguments.length - 1];
				return (address instanceof InetSocketAddress inet && isOwnLoopback(inet.getAddress())) ? null
						: "connect to " + address;
			case GateTransformer.DATAGRAM_SEND:
				return action + " " + arguments[arguments.length - 1];
			case GateTransformer.UNIX_CONNECT:
				String target = String.valueOf(arguments[arguments.length - 1]);
				return target.equals(this.supervisorAddress) || target.equals("unix:" + this.supervisorAddress) ? null
						: "connect to unix socket " + target;
			case GateTransformer.UNIX_BIND:
				return "bind unix socket " + arguments[arguments.length - 1];
			case GateTransformer.FILE_OUTPUT:
				return isPrivate(arguments[1]) ? null
						: (Boolean.TRUE.equals(arguments[2]) ? "append to " : "write ") + arguments[1];
			case GateTransformer.RANDOM_ACCESS:
				// RandomAccessFile's O_RDONLY
				return ((((Integer) arguments[2]) & 1) != 0 || isPrivate(arguments[1])) ? null
						: "open for writing " + arguments[1];
			case GateTransformer.NIO_OPEN:
				return ((((Integer) arguments[1]) & this.writeFlags) == 0 || isPrivate(arguments[0])) ? null
						: "open for writing " + arguments[0];
			case GateTransformer.NIO_OPEN_AT:
				return ((((Integer) arguments[2]) & this.writeFlags) == 0) ? null
						: "open for writing " + new String((byte[]) arguments[1]);
			case GateTransformer.PROCESS:
				return "start process " + ((ProcessBuilder) arguments[0]).command();
			case GateTransformer.TEMP_FILE:
				return isPrivate(arguments[2]) ? null
						: "create temporary file " + arguments[0] + "*" + ((arguments[1] != null) ? arguments[1] : "")
								+ " in " + ((arguments[2] != null) ? arguments[2] : System.getProperty("java.io.tmpdir"));
			default:
				return checkFileChange(action, arguments);
		}
	}

	/**
	 * Check a change to a file or directory: every argument that is a path must be
	 * private, and one that is a file descriptor or a name relative to one is refused.
	 */
	private String checkFileChange(String action, Object[] arguments) {
		boolean pathSeen = false;
		for (Object argument : arguments) {
			if (argument instanceof File || argument instanceof Path) {
				pathSeen = true;
				if (!isPrivate(argument)) {
					return action + " " + argument;
				}
			}
		}
		return pathSeen ? null : action + " (file descriptor)";
	}

	private boolean isOwnLoopback(Object address) {
		return this.loopback.get() != null && address instanceof InetAddress inet && inet.isLoopbackAddress();
	}

	private boolean isPrivate(Object file) {
		if (file == null) {
			return false;
		}
		String path = file.toString();
		if (!path.startsWith(File.separator)) {
			path = System.getProperty("user.dir") + File.separator + path;
		}
		return (path.startsWith(this.privateDirectory) && Path.of(path).normalize().startsWith(this.privateDirectory))
				|| (path + File.separator).equals(this.privateDirectory);
	}

	private static String address(Object address, Object port) {
		String host = (address instanceof InetAddress inet) ? inet.getHostAddress() : String.valueOf(address);
		return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
	}

}
