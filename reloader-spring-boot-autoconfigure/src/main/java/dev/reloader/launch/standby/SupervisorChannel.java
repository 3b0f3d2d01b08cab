package dev.reloader.launch.standby;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A private local channel between the supervisor and its children: a Unix-domain socket
 * in a directory only the current user can enter. A child says when it is ready (and on
 * which ports it listens); a standby child says it is waiting and is later told to go.
 * Lines of UTF-8 text, one message a line. A child may also leave files in the channel's
 * directory for the supervisor.
 *
 * @author Reloader contributors
 */
public final class SupervisorChannel implements Closeable {

	/**
	 * The environment variable that gives children the channel's socket path.
	 */
	public static final String ADDRESS_VARIABLE = "RELOADER_CHANNEL";

	private static final Log logger = LogFactory.getLog(SupervisorChannel.class);

	private final Path directory;

	private final Path socket;

	private final ServerSocketChannel server;

	private final ReadyListener readyListener;

	private final LongConsumer staleListener;

	private final LongConsumer leavingListener;

	private final Map<Long, SocketChannel> standbys = new ConcurrentHashMap<>();

	private volatile UnfitListener unfitListener = (pid, reason) -> {
	};

	private SupervisorChannel(Path directory, ServerSocketChannel server, ReadyListener readyListener,
			LongConsumer staleListener, LongConsumer leavingListener) {
		this.directory = directory;
		this.socket = directory.resolve("supervisor.sock");
		this.server = server;
		this.readyListener = readyListener;
		this.staleListener = staleListener;
		this.leavingListener = leavingListener;
	}

	/**
	 * Open a channel and start accepting connections on a daemon thread.
	 * @param readyListener called with the pid and ports of each child that reports it is
	 * ready
	 * @param staleListener called with the pid of a child whose changes make a standby
	 * stale
	 * @param leavingListener called with the pid of a child that has handed over what it
	 * saw and is about to close for a restart
	 * @return the open channel
	 * @throws IOException if the socket cannot be created
	 */
	public static SupervisorChannel open(ReadyListener readyListener, LongConsumer staleListener,
			LongConsumer leavingListener) throws IOException {
		Path directory = Files.createTempDirectory("reloader-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		SupervisorChannel channel = new SupervisorChannel(directory, server, readyListener, staleListener,
				leavingListener);
		server.bind(UnixDomainSocketAddress.of(channel.socket));
		Thread acceptor = new Thread(channel::accept, "reloader-channel");
		acceptor.setDaemon(true);
		acceptor.start();
		return channel;
	}

	/**
	 * Return the socket path that children find in {@value #ADDRESS_VARIABLE}.
	 * @return the socket path
	 */
	public String address() {
		return this.socket.toString();
	}

	/**
	 * Return the channel's private directory, where children leave files for the
	 * supervisor.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * In a child: return the private directory of its supervisor's channel.
	 * @return the directory, or {@code null} when the child has no channel
	 */
	public static Path directoryOfSupervisor() {
		String address = System.getenv(ADDRESS_VARIABLE);
		return (address != null && !address.isBlank()) ? Path.of(address).getParent() : null;
	}

	/**
	 * Call the given listener when a standby says that it must not be used, just before
	 * it exits.
	 * @param listener called with the standby's pid and the reason, on a thread of the
	 * channel
	 */
	public void whenStandbyUnfit(UnfitListener listener) {
		this.unfitListener = listener;
	}

	/**
	 * Take the connection of the standby child with the given pid, once it has connected.
	 * @param pid the standby's pid
	 * @return its connection, or {@code null} if it has not connected (yet)
	 */
	SocketChannel takeStandby(long pid) {
		return this.standbys.remove(pid);
	}

	private void accept() {
		while (this.server.isOpen()) {
			try {
				SocketChannel connection = this.server.accept();
				Thread reader = new Thread(() -> read(connection), "reloader-channel-reader");
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				if (this.server.isOpen()) {
					logger.debug("Channel accept failed", ex);
				}
				return;
			}
		}
	}

	private void read(SocketChannel connection) {
		try {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.UTF_8));
			String line = reader.readLine();
			if (line == null) {
				connection.close();
				return;
			}
			String[] parts = line.split(" ", 3);
			long pid = (parts.length > 1) ? Long.parseLong(parts[1].trim()) : -1;
			if ("ready".equals(parts[0])) {
				connection.close();
				this.readyListener.ready(pid, ports(line));
			}
			else if ("stale".equals(parts[0])) {
				// Closed only once handled: the child waits for that before it exits
				this.staleListener.accept(pid);
				connection.close();
			}
			else if ("leaving".equals(parts[0])) {
				connection.close();
				this.leavingListener.accept(pid);
			}
			else if ("unfit".equals(parts[0])) {
				// Closed only once handled: the standby waits for that before it exits
				this.standbys.remove(pid);
				this.unfitListener.unfit(pid, (parts.length > 2) ? parts[2] : "");
				connection.close();
			}
			else if ("standby".equals(parts[0])) {
				this.standbys.put(pid, connection);
			}
			else {
				connection.close();
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Ignoring a broken message on the supervisor channel", ex);
		}
	}

	/**
	 * Return the ports of a ready message, such as {@code ready 123 server=8080}.
	 */
	private static Map<String, Integer> ports(String line) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		String[] parts = line.split(" ");
		for (int i = 2; i < parts.length; i++) {
			String[] pair = parts[i].split("=", 2);
			if (pair.length == 2) {
				ports.put(pair[0], Integer.valueOf(pair[1]));
			}
		}
		return ports;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (SocketChannel standby : this.standbys.values()) {
			standby.close();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	/**
	 * In a child: tell the supervisor, if there is one with a channel, that the
	 * application is ready.
	 */
	public static void notifyReady() {
		notifyReady(Map.of());
	}

	/**
	 * In a child: tell the supervisor, if there is one with a channel, that the
	 * application is ready and listens on the given ports.
	 * @param ports the ports by name, such as {@code server}
	 */
	public static void notifyReady(Map<String, Integer> ports) {
		StringBuilder message = new StringBuilder("ready ").append(ProcessHandle.current().pid());
		ports.forEach((name, port) -> message.append(' ').append(name).append('=').append(port));
		sendToSupervisor(message.toString(), false);
	}

	/**
	 * In a child: tell the supervisor, if there is one with a channel, not to use its
	 * standby for the next restart. Returns once the supervisor has the message.
	 */
	public static void notifyStandbyStale() {
		notifySupervisor("stale", true);
	}

	/**
	 * In a child: tell the supervisor, if there is one with a channel, that the
	 * application has handed over what it saw and is about to close for a restart, so
	 * that the next one may start while this one closes.
	 */
	public static void notifyLeaving() {
		notifySupervisor("leaving", false);
	}

	/**
	 * In a standby: tell the supervisor, if there is one with a channel, that this
	 * standby must not be used, and why. Returns once the supervisor has the message.
	 * @param reason why, on one line
	 */
	public static void notifyStandbyUnfit(String reason) {
		notifySupervisor("unfit", true, reason.replaceAll("[\\r\\n]+", " "));
	}

	private static void notifySupervisor(String message, boolean awaitHandled, String detail) {
		sendToSupervisor(message + " " + ProcessHandle.current().pid() + " " + detail, awaitHandled);
	}

	private static void notifySupervisor(String message, boolean awaitHandled) {
		sendToSupervisor(message + " " + ProcessHandle.current().pid(), awaitHandled);
	}

	private static void sendToSupervisor(String line, boolean awaitHandled) {
		String address = System.getenv(ADDRESS_VARIABLE);
		if (address == null || address.isBlank()) {
			return;
		}
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(address))) {
			send(channel, line);
			if (awaitHandled) {
				Channels.newInputStream(channel).read();
			}
		}
		catch (IOException ex) {
			logger.debug("Could not tell the supervisor '" + line + "'", ex);
		}
	}

	/**
	 * Listens for children that are ready.
	 */
	@FunctionalInterface
	public interface ReadyListener {

		/**
		 * A child is ready.
		 * @param pid the child's pid
		 * @param ports the ports it listens on, by name; empty when it reported none
		 */
		void ready(long pid, Map<String, Integer> ports);

	}

	/**
	 * Listens for standbys that must not be used.
	 */
	@FunctionalInterface
	public interface UnfitListener {

		/**
		 * A standby must not be used.
		 * @param pid the standby's pid
		 * @param reason why
		 */
		void unfit(long pid, String reason);

	}

	static void send(SocketChannel channel, String message) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

}
