package dev.reloader.watch.watchman;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A connection to a Watchman server over its Unix domain socket, speaking the JSON
 * encoding of the protocol: one JSON value per line in each direction.
 * <p>
 * The server sends two kinds of values: the reply to the command just sent, and
 * unilateral values it sends on its own, such as subscription notifications. A
 * unilateral value that arrives while a reply is awaited is kept for
 * {@link #nextUnilateral(Duration)}. Warnings in any value are logged once each.
 * <p>
 * Used by one thread at a time; {@link #close()} may be called from another thread.
 *
 * @author Reloader contributors
 */
final class WatchmanConnection implements Closeable {

	private static final Log logger = LogFactory.getLog(WatchmanConnection.class);

	private static final int NEWLINE = '\n';

	private final Path socket;

	private final Duration timeout;

	private final SocketChannel channel;

	private final Selector selector;

	private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

	private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();

	private final Deque<String> lines = new ArrayDeque<>();

	private final Deque<Map<String, Object>> unilateral = new ArrayDeque<>();

	private final Set<String> warned = new HashSet<>();

	private WatchmanConnection(Path socket, Duration timeout, SocketChannel channel, Selector selector) {
		this.socket = socket;
		this.timeout = timeout;
		this.channel = channel;
		this.selector = selector;
	}

	/**
	 * Connect to the server listening on the given socket.
	 * @param socket the socket path
	 * @param timeout how long to wait for each reply
	 * @return the connection
	 * @throws IOException if nothing accepts connections on the socket
	 */
	static WatchmanConnection open(Path socket, Duration timeout) throws IOException {
		Objects.requireNonNull(socket, "'socket' must not be null");
		requirePositive(timeout);
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.connect(UnixDomainSocketAddress.of(socket));
			channel.configureBlocking(false);
			Selector selector = Selector.open();
			channel.register(selector, SelectionKey.OP_READ);
			return new WatchmanConnection(socket, timeout, channel, selector);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	private static void requirePositive(Duration timeout) {
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("'timeout' must be positive, was " + timeout);
		}
	}

	Path getSocket() {
		return this.socket;
	}

	/**
	 * Send a command and wait for its reply.
	 * @param command the command name and its arguments, for example {@code "clock"}
	 * and a root
	 * @return the reply
	 * @throws WatchmanCommandException if the server answered with an error
	 * @throws IOException if the server did not answer in time or the connection broke
	 */
	Map<String, Object> command(Object... command) throws IOException {
		String name = String.valueOf(command[0]);
		long deadline = System.nanoTime() + this.timeout.toNanos();
		send(Json.write(Arrays.asList(command)));
		while (true) {
			Map<String, Object> value = receive(deadline);
			if (value == null) {
				throw new SocketTimeoutException("Watchman did not answer '" + name + "' within "
						+ this.timeout.toMillis() + "ms (see reloader.watchman.timeout)");
			}
			if (isUnilateral(value)) {
				this.unilateral.add(value);
				continue;
			}
			Object error = value.get("error");
			if (error != null) {
				throw new WatchmanCommandException("Watchman could not run '" + name + "': " + error);
			}
			return value;
		}
	}

	/**
	 * Return the next unilateral value, waiting at most {@code wait} for one.
	 * @param wait how long to wait, zero to take only what has arrived already
	 * @return the value, or {@code null} if none arrived in time
	 * @throws IOException if the connection broke
	 * @throws InterruptedException if the calling thread was interrupted
	 */
	Map<String, Object> nextUnilateral(Duration wait) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
		while (this.unilateral.isEmpty()) {
			Map<String, Object> value;
			try {
				value = receive(deadline);
			}
			catch (InterruptedIOException ex) {
				throw new InterruptedException(ex.getMessage());
			}
			if (value == null) {
				return null;
			}
			if (isUnilateral(value)) {
				return value;
			}
			logger.debug("Ignoring a reply from Watchman that no command waits for: " + value);
		}
		return this.unilateral.poll();
	}

	static boolean isUnilateral(Map<String, Object> value) {
		return Boolean.TRUE.equals(value.get("unilateral")) || value.containsKey("subscription")
				|| value.containsKey("log");
	}

	private void send(String json) throws IOException {
		ByteBuffer bytes = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			while (bytes.hasRemaining()) {
				if (this.channel.write(bytes) == 0) {
					SelectionKey key = this.channel.keyFor(this.selector);
					key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
					try {
						select(deadline);
					}
					finally {
						key.interestOps(SelectionKey.OP_READ);
					}
					if (System.nanoTime() - deadline >= 0) {
						throw new SocketTimeoutException("Watchman did not take a command within "
								+ this.timeout.toMillis() + "ms (see reloader.watchman.timeout)");
					}
				}
			}
		}
		catch (ClosedSelectorException ex) {
			throw new ClosedChannelException();
		}
	}

	private Map<String, Object> receive(long deadline) throws IOException {
		try {
			while (this.lines.isEmpty()) {
				if (!fill(deadline)) {
					return null;
				}
			}
		}
		catch (ClosedSelectorException ex) {
			throw new ClosedChannelException();
		}
		String line = this.lines.poll();
		Map<String, Object> value = parse(line);
		Object warning = value.get("warning");
		if (warning != null && this.warned.add(warning.toString())) {
			logger.warn("Watchman warns: " + warning.toString().strip().replaceAll("\\s*\\n\\s*", " "));
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(String line) throws IOException {
		try {
			Object value = Json.read(line);
			if (value instanceof Map) {
				return (Map<String, Object>) value;
			}
			throw new IOException("Watchman sent " + line + " where an object was expected");
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("Watchman sent text that is not JSON: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Read what has arrived, waiting until the deadline for something to arrive.
	 * @return {@code false} if the deadline passed with nothing read
	 */
	private boolean fill(long deadline) throws IOException {
		int read = this.channel.read(this.buffer);
		if (read == 0) {
			if (!select(deadline)) {
				return false;
			}
			read = this.channel.read(this.buffer);
		}
		if (read < 0) {
			throw new EOFException("Watchman closed the connection on " + this.socket);
		}
		this.buffer.flip();
		while (this.buffer.hasRemaining()) {
			byte b = this.buffer.get();
			if (b == NEWLINE) {
				this.lines.add(this.partialLine.toString(StandardCharsets.UTF_8));
				this.partialLine.reset();
			}
			else {
				this.partialLine.write(b);
			}
		}
		this.buffer.clear();
		return true;
	}

	/**
	 * Wait until the channel is ready or the deadline has passed.
	 * @return whether the channel is ready
	 */
	private boolean select(long deadline) throws IOException {
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			return this.selector.selectNow() > 0;
		}
		int ready = this.selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
		this.selector.selectedKeys().clear();
		if (Thread.interrupted()) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for Watchman");
		}
		return ready > 0 || deadline - System.nanoTime() > 0;
	}

	@Override
	public void close() throws IOException {
		try {
			this.selector.close();
		}
		finally {
			this.channel.close();
		}
	}

}
