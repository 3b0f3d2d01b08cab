package dev.reloader.launch.frontdoor;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One listening port of the {@link FrontDoor}: accepts connections on a daemon thread and
 * gives each to a {@link Relay} of its own, so that no client can hold up another.
 *
 * @author Reloader contributors
 */
final class Door {

	private static final Log logger = LogFactory.getLog(Door.class);

	private final String name;

	private final ServerSocket server;

	private final FrontDoor frontDoor;

	Door(String name, ServerSocket server, FrontDoor frontDoor) {
		this.name = name;
		this.server = server;
		this.frontDoor = frontDoor;
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.server.getLocalPort();
	}

	void start() {
		Thread acceptor = new Thread(this::accept, "reloader-front-door-" + this.name);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Relay relay = new Relay(client, this.name, this.frontDoor);
				relay.start();
			}
			catch (IOException | RuntimeException | OutOfMemoryError ex) {
				if (!this.server.isClosed()) {
					logger.debug("Could not accept a connection on port " + port(), ex);
				}
			}
		}
	}

	void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close port " + port(), ex);
		}
	}

}
