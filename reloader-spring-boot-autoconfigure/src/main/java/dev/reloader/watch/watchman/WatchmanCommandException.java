package dev.reloader.watch.watchman;

import java.io.IOException;

/**
 * Thrown when a Watchman server answers a command with an error.
 *
 * @author Reloader contributors
 */
class WatchmanCommandException extends IOException {

	WatchmanCommandException(String message) {
		super(message);
	}

}
