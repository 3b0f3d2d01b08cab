package dev.reloader.watch.watchman;

import java.nio.file.Path;
import java.time.Duration;

import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.ReloaderType;
import dev.reloader.watch.WatchSet;

/**
 * Selects a reloader in a JVM of its own, so that a test can choose its environment
 * variables, and prints the outcome on one line.
 *
 * @author Reloader contributors
 */
public final class SelectReloaderMain {

	private SelectReloaderMain() {
	}

	/**
	 * Select a reloader.
	 * @param args the type ({@code auto}, {@code watchman}, ...) and a directory to watch
	 */
	public static void main(String[] args) {
		ReloaderType type = ReloaderType.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
		WatchSet watchSet = WatchSet.builder().directory(Path.of(args[1])).build();
		ReloaderSelector selector = new ReloaderSelector(type, Duration.ofMillis(500), Duration.ofSeconds(10));
		try {
			ReloaderSelector.Selection selection = selector.select(watchSet);
			System.out.println("selected " + selection.reloader().getName() + ": " + selection.reason());
		}
		catch (IllegalStateException ex) {
			System.out.println("failed: " + ex.getMessage());
		}
	}

}
