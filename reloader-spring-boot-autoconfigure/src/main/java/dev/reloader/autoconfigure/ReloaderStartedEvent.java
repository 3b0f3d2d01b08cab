package dev.reloader.autoconfigure;

import java.nio.file.Path;

import dev.reloader.watch.WatchSet;

import org.springframework.context.ApplicationEvent;

/**
 * Published once in the application when the reloader starts, before it takes its first
 * look at the files, like Django's {@code autoreload_started} signal. Listeners may add
 * paths to watch and patterns to exclude while they handle the event; a change to an
 * added path restarts the application like a change to a class file.
 *
 * @author Reloader contributors
 */
public class ReloaderStartedEvent extends ApplicationEvent {

	private final WatchSet watchSet;

	private final WatchSet.Builder additions = WatchSet.builder();

	private volatile boolean closed;

	/**
	 * Create a new event.
	 * @param source the component that starts the reloader
	 * @param watchSet what is watched before listeners add to it
	 */
	public ReloaderStartedEvent(Object source, WatchSet watchSet) {
		super(source);
		this.watchSet = watchSet;
		this.additions.add(watchSet);
	}

	/**
	 * Return what is watched before listeners add to it.
	 * @return the watch set from the class path and the properties
	 */
	public WatchSet getWatchSet() {
		return this.watchSet;
	}

	/**
	 * Watch every file under a directory.
	 * @param directory the directory
	 */
	public void watchDirectory(Path directory) {
		requireOpen().directory(directory);
	}

	/**
	 * Watch the files under a directory that match a glob, like Django's
	 * {@code watch_dir(path, glob)}.
	 * @param directory the directory
	 * @param glob the pattern, relative to the directory, for example
	 * {@code **}{@code /*.yml}
	 */
	public void watchDirectory(Path directory, String glob) {
		requireOpen().directory(directory, glob);
	}

	/**
	 * Watch a single file, which need not exist yet.
	 * @param file the file
	 */
	public void watchFile(Path file) {
		requireOpen().file(file);
	}

	/**
	 * Never restart for changes that match a pattern. They are still published as a
	 * {@link FilesChangedEvent}.
	 * @param pattern a glob relative to a watched directory, or a file name pattern
	 */
	public void exclude(String pattern) {
		requireOpen().exclude(pattern);
	}

	/**
	 * End the registration and return what is watched, with every addition.
	 * @return the watch set
	 */
	WatchSet close() {
		this.closed = true;
		return this.additions.build();
	}

	private WatchSet.Builder requireOpen() {
		if (this.closed) {
			throw new IllegalStateException(
					"Paths to watch can only be added while the ReloaderStartedEvent is being handled");
		}
		return this.additions;
	}

}
