package dev.reloader.autoconfigure;

import dev.reloader.watch.Reloader;
import dev.reloader.watch.WatchSet;

import org.springframework.context.ApplicationEvent;

/**
 * Published in the application once the reloader watches for changes, like Django's
 * {@code autoreload_started} signal.
 *
 * @author Reloader contributors
 */
public class ReloaderStartedEvent extends ApplicationEvent {

	private final WatchSet watchSet;

	/**
	 * Create a new event.
	 * @param reloader the reloader that started
	 * @param watchSet what it watches
	 */
	public ReloaderStartedEvent(Reloader reloader, WatchSet watchSet) {
		super(reloader);
		this.watchSet = watchSet;
	}

	public Reloader getReloader() {
		return (Reloader) getSource();
	}

	public WatchSet getWatchSet() {
		return this.watchSet;
	}

}
