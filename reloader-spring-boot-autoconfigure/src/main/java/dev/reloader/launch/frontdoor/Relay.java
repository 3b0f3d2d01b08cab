package dev.reloader.launch.frontdoor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One client connection of the {@link FrontDoor}, relayed byte for byte to a child's
 * private port by two threads, one a direction.
 * <p>
 * Until the child has sent its first byte back, the relay keeps what the client sent
 * (up to {@value #REPLAY_LIMIT} bytes). A child that goes away before it answers (it
 * refused the connection, or closed it, because it was stopping) has seen nothing the
 * client could miss: the relay waits for the next child and sends it the same bytes, so
 * the client never notices the reload. While no child is ready it waits, up to the front
 * door's timeout, then answers itself with a 503 that says why.
 *
 * @author Reloader contributors
 */
final class Relay {

	/**
	 * The most bytes of a request kept to send again to the next child.
	 */
	static final int REPLAY_LIMIT = 64 * 1024;

	/**
	 * How often a connection is sent again to a child that closed it without answering.
	 */
	private static final int MAX_REPLAYS = 5;

	/**
	 * How long the relay waits for the end of a request's head before it answers itself,
	 * and for the client to close once the answer is sent.
	 */
	private static final long LINGER_MILLIS = 5000;

	private static final int BUFFER_SIZE = 16 * 1024;

	private static final Log logger = LogFactory.getLog(Relay.class);

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private final Socket client;

	private final String door;

	private final FrontDoor frontDoor;

	private final Object monitor = new Object();

	private ByteArrayOutputStream replay = new ByteArrayOutputStream();

	private Socket upstream;

	private boolean upstreamEnded;

	private boolean clientEnded;

	private boolean answering;

	private boolean finished;

	Relay(Socket client, String door, FrontDoor frontDoor) {
		this.client = client;
		this.door = door;
		this.frontDoor = frontDoor;
	}

	void start() throws IOException {
		this.client.setTcpNoDelay(true);
		Thread toChild = new Thread(this::readClient, "reloader-front-door-client");
		toChild.setDaemon(true);
		Thread toClient = new Thread(this::relay, "reloader-front-door-relay");
		toClient.setDaemon(true);
		toChild.start();
		toClient.start();
	}

	/**
	 * Read what the client sends and pass it on to the current child, keeping it for a
	 * replay until the child answers.
	 */
	private void readClient() {
		byte[] buffer = new byte[BUFFER_SIZE];
		try {
			InputStream in = this.client.getInputStream();
			while (true) {
				int read = in.read(buffer);
				Socket target;
				synchronized (this.monitor) {
					if (read < 0) {
						this.clientEnded = true;
						if (this.upstream != null) {
							shutdownOutput(this.upstream);
						}
						this.monitor.notifyAll();
						return;
					}
					// Without a child to send to, keep no more than a replay holds
					while (!this.finished && !this.answering && this.upstream == null && this.replay != null
							&& this.replay.size() + read > REPLAY_LIMIT) {
						this.monitor.wait();
					}
					if (this.finished) {
						return;
					}
					if (this.answering || this.upstreamEnded) {
						continue;
					}
					if (this.replay != null) {
						if (this.replay.size() + read <= REPLAY_LIMIT) {
							this.replay.write(buffer, 0, read);
						}
						else {
							this.replay = null;
						}
					}
					target = this.upstream;
					this.monitor.notifyAll();
				}
				if (target != null) {
					write(target, buffer, read);
				}
			}
		}
		catch (IOException ex) {
			finish();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			finish();
		}
	}

	private void write(Socket target, byte[] buffer, int length) throws IOException {
		try {
			target.getOutputStream().write(buffer, 0, length);
		}
		catch (IOException ex) {
			synchronized (this.monitor) {
				if (this.replay == null && this.upstream == target && !this.upstreamEnded) {
					throw ex;
				}
				// Else the child went away before it answered: the relay sends it all again
			}
		}
	}

	/**
	 * Find the child, send it what the client sent so far, and pass its answer on to the
	 * client; again with the next child when one goes away before it answers.
	 */
	private void relay() {
		long timeout = this.frontDoor.timeout().toNanos();
		long deadline = System.nanoTime() + timeout;
		int newerThan = -1;
		try {
			for (int attempt = 0; attempt <= MAX_REPLAYS; attempt++) {
				FrontDoor.Destination destination = this.frontDoor.await(this.door, newerThan, deadline,
						this::isFinished);
				if (destination == null) {
					return;
				}
				if (!destination.isChild()) {
					answer(destination);
					return;
				}
				newerThan = destination.generation();
				Socket target = connect(destination.port());
				if (target == null) {
					// The child stopped listening: it is going away
					attempt--;
					continue;
				}
				if (relayFrom(target)) {
					return;
				}
				synchronized (this.monitor) {
					this.upstream = null;
					if (this.replay == null || this.finished) {
						return;
					}
				}
				target.close();
				deadline = System.nanoTime() + timeout;
			}
		}
		catch (IOException ex) {
			logger.trace("Relay ended", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			finish();
		}
	}

	private Socket connect(int port) throws InterruptedException {
		Socket target = new Socket();
		try {
			target.setTcpNoDelay(true);
			target.connect(new InetSocketAddress(LOOPBACK, port), 5000);
		}
		catch (IOException ex) {
			close(target);
			return null;
		}
		synchronized (this.monitor) {
			if (this.finished) {
				close(target);
				return null;
			}
			try {
				if (this.replay != null && this.replay.size() > 0) {
					target.getOutputStream().write(this.replay.toByteArray());
				}
				if (this.clientEnded) {
					target.shutdownOutput();
				}
			}
			catch (IOException ex) {
				close(target);
				return null;
			}
			this.upstream = target;
			this.monitor.notifyAll();
		}
		return target;
	}

	/**
	 * Pass the child's answer on to the client.
	 * @param target the connection to the child
	 * @return {@code true} if the connection is over, {@code false} if the child went
	 * away before it answered and the client's bytes can go to the next one
	 */
	private boolean relayFrom(Socket target) throws IOException, InterruptedException {
		byte[] buffer = new byte[BUFFER_SIZE];
		InputStream in = target.getInputStream();
		OutputStream out = this.client.getOutputStream();
		boolean answered = false;
		while (true) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (IOException ex) {
				if (answered) {
					return true;
				}
				read = -1;
			}
			if (read < 0) {
				if (!answered) {
					synchronized (this.monitor) {
						if (this.finished || this.replay == null) {
							return true;
						}
						if (this.replay.size() > 0) {
							// A request the child closed unanswered: the next child gets it
							return false;
						}
					}
					// Nothing was sent on it: the child closed an idle connection (its
					// idle timeout, or its close), which the client sees as it would
					// without the relay
				}
				synchronized (this.monitor) {
					this.upstreamEnded = true;
					this.monitor.notifyAll();
				}
				shutdownOutput(this.client);
				awaitClientEnd();
				return true;
			}
			if (!answered) {
				answered = true;
				synchronized (this.monitor) {
					this.replay = null;
					this.monitor.notifyAll();
				}
			}
			out.write(buffer, 0, read);
		}
	}

	/**
	 * Answer the client with a 503, once the head of its request has arrived; a TLS
	 * client cannot be answered without the application's certificate, so its connection
	 * is closed.
	 */
	private void answer(FrontDoor.Destination destination) throws IOException, InterruptedException {
		byte[] head;
		synchronized (this.monitor) {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
			while (!this.finished && !this.clientEnded && this.replay != null
					&& !Unavailable.isHeadComplete(this.replay) && System.nanoTime() < end) {
				this.monitor.wait(100);
			}
			this.answering = true;
			head = (this.replay != null) ? this.replay.toByteArray() : new byte[0];
			this.monitor.notifyAll();
		}
		byte[] answer = Unavailable.answer(head, destination, this.frontDoor.timeout());
		if (answer == null) {
			return;
		}
		this.client.getOutputStream().write(answer);
		shutdownOutput(this.client);
		awaitClientEnd();
	}

	private void awaitClientEnd() throws InterruptedException {
		synchronized (this.monitor) {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
			while (!this.finished && !this.clientEnded && System.nanoTime() < end) {
				this.monitor.wait(100);
			}
		}
	}

	private boolean isFinished() {
		synchronized (this.monitor) {
			return this.finished;
		}
	}

	private void finish() {
		Socket target;
		synchronized (this.monitor) {
			this.finished = true;
			target = this.upstream;
			this.monitor.notifyAll();
		}
		close(this.client);
		if (target != null) {
			close(target);
		}
	}

	private static void shutdownOutput(Socket socket) {
		try {
			socket.shutdownOutput();
		}
		catch (IOException ex) {
			// Closed already
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closed already
		}
	}

}
