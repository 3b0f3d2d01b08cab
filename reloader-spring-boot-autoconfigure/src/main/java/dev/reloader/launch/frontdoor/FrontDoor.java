package dev.reloader.launch.frontdoor;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The application's ports, owned by the supervisor for its whole life: it listens on the
 * ports that the application would listen on and relays the bytes of each connection to
 * the current child, which listens on private loopback ports and reports them once it is
 * ready. While one child stops and the next starts, a new connection waits, up to a
 * bounded time, and is then relayed to the new child; while the supervisor waits for a
 * fix after a failed start, it is answered with a page that names the failure.
 * <p>
 * Since it relays bytes, TLS, HTTP/2, WebSocket and server-sent events pass through
 * untouched, and the application sees the {@code Host} header that the client sent. It
 * holds no application code.
 *
 * @author Reloader contributors
 */
public final class FrontDoor implements Closeable {

	/**
	 * The environment variable that tells a child which of its ports the front door
	 * relays to: door names separated by commas, such as {@code server,management}.
	 */
	public static final String CHILD_VARIABLE = "RELOADER_PRIVATE_PORTS";

	/**
	 * The name of the door of the application's own port ({@code server.port}).
	 */
	public static final String SERVER = "server";

	/**
	 * The name of the door of the management port ({@code management.server.port}).
	 */
	public static final String MANAGEMENT = "management";

	private static final Log logger = LogFactory.getLog(FrontDoor.class);

	private final Duration timeout;

	private final List<Door> doors = new ArrayList<>();

	private final Object monitor = new Object();

	private Map<String, Integer> ports;

	private int generation;

	private StartFailure failure;

	private int failures;

	private boolean closed;

	private FrontDoor(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Return a front door with no port, whose methods do nothing.
	 * @return the front door
	 */
	public static FrontDoor none() {
		return new FrontDoor(Duration.ZERO);
	}

	/**
	 * Listen on the given ports and start relaying.
	 * @param ports the ports to listen on
	 * @param timeout how long a connection waits for a child to be ready
	 * @return the front door
	 * @throws IOException if a port cannot be bound; a
	 * {@link java.net.BindException} names the port and its property
	 */
	public static FrontDoor open(List<Port> ports, Duration timeout) throws IOException {
		Objects.requireNonNull(ports, "'ports' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		FrontDoor frontDoor = new FrontDoor(timeout);
		try {
			for (Port port : ports) {
				frontDoor.doors.add(new Door(port.name(), bind(port), frontDoor));
			}
		}
		catch (IOException ex) {
			frontDoor.close();
			throw ex;
		}
		for (Door door : frontDoor.doors) {
			door.start();
		}
		return frontDoor;
	}

	private static ServerSocket bind(Port port) throws IOException {
		ServerSocket server = new ServerSocket();
		try {
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(port.address(), port.port()), 100);
			return server;
		}
		catch (IOException ex) {
			server.close();
			java.net.BindException bindException = new java.net.BindException("Port " + port.port() + " ("
					+ port.property() + ") is already in use or cannot be bound" + ((port.address() != null)
							? " on " + port.address().getHostAddress() : "")
					+ ": " + ex.getMessage() + ". Stop the process that uses it, or set " + port.property()
					+ " to another port (0 for a free one).");
			bindException.initCause(ex);
			throw bindException;
		}
	}

	/**
	 * Return the port that the door with the given name listens on.
	 * @param name the door's name
	 * @return the port, or {@code -1} when there is no such door
	 */
	public int port(String name) {
		return this.doors.stream().filter((door) -> door.name().equals(name)).mapToInt(Door::port).findFirst()
			.orElse(-1);
	}

	/**
	 * Return the names of the doors, to tell a child which ports to make private.
	 * @return the names separated by commas, empty when there is no door
	 */
	public String doorNames() {
		return String.join(",", this.doors.stream().map(Door::name).toList());
	}

	/**
	 * A child is about to start: new connections wait for it.
	 */
	public void childStarting() {
		synchronized (this.monitor) {
			this.failure = null;
			this.ports = null;
			this.monitor.notifyAll();
		}
	}

	/**
	 * The current child is ready: relay to its ports.
	 * @param ports its ports by door name
	 */
	public void childReady(Map<String, Integer> ports) {
		if (this.doors.isEmpty()) {
			return;
		}
		synchronized (this.monitor) {
			this.ports = Map.copyOf(ports);
			this.failure = null;
			this.generation++;
			this.monitor.notifyAll();
		}
		for (Door door : this.doors) {
			if (!ports.containsKey(door.name())) {
				logger.warn("The application reported no " + door.name() + " port, so requests on port "
						+ door.port() + " are not answered; turn the relay off with reloader.front-door.enabled=false");
			}
		}
	}

	/**
	 * The current child failed: answer every connection with the failure until the next
	 * child starts.
	 * @param failure why it failed
	 */
	public void childFailed(StartFailure failure) {
		synchronized (this.monitor) {
			this.ports = null;
			this.failure = failure;
			this.failures++;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Wait until a connection can be relayed or answered.
	 * @param door the door's name
	 * @param newerThan the generation of a child whose port refused the connection, so
	 * that only a later child's will do; {@code -1} for any
	 * @param deadline the {@link System#nanoTime()} until which to wait
	 * @param abandoned whether the client has gone, checked at least once a second
	 * @return where to send the connection, or {@code null} when the front door closed or
	 * the client has gone
	 * @throws InterruptedException if interrupted while waiting
	 */
	Destination await(String door, int newerThan, long deadline, BooleanSupplier abandoned)
			throws InterruptedException {
		synchronized (this.monitor) {
			while (true) {
				if (this.closed || abandoned.getAsBoolean()) {
					return null;
				}
				Integer port = (this.ports != null) ? this.ports.get(door) : null;
				if (port != null && this.generation > newerThan) {
					return new Destination(port, this.generation, null, 0);
				}
				if (this.failure != null) {
					return new Destination(-1, this.generation, this.failure, this.failures);
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return new Destination(-1, this.generation, null, 0);
				}
				this.monitor.wait(Math.max(1, Math.min(1000, remaining / 1_000_000)));
			}
		}
	}

	Duration timeout() {
		return this.timeout;
	}

	@Override
	public void close() {
		synchronized (this.monitor) {
			this.closed = true;
			this.monitor.notifyAll();
		}
		for (Door door : this.doors) {
			door.close();
		}
	}

	/**
	 * A port that the front door listens on.
	 *
	 * @param name the door's name, {@link #SERVER} or {@link #MANAGEMENT}
	 * @param address the address to listen on, {@code null} for all interfaces
	 * @param port the port, 0 for a free one
	 * @param property the property that sets the port, for messages
	 */
	public record Port(String name, InetAddress address, int port, String property) {

	}

	/**
	 * Where a connection goes: a child's port, a failure to answer with, or neither when
	 * the wait timed out.
	 *
	 * @param port the child's port, or {@code -1}
	 * @param generation the number of the child's report
	 * @param failure the failure to answer with, or {@code null}
	 * @param failureNumber which failure it is, so that a page can tell a new one
	 */
	record Destination(int port, int generation, StartFailure failure, int failureNumber) {

		boolean isChild() {
			return this.port >= 0;
		}

	}

}
