package dev.reloader.watch;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Detects changes to the files of a {@link WatchSet}. A reloader is started once, then
 * asked for changes again and again by a single thread, and finally closed.
 * <p>
 * Implementations differ in how they learn about changes (polling modification times,
 * native file system events, a Watchman server) but report them the same way: every
 * added, modified or deleted file under the watch set, excluded or not. Deciding what a
 * change means is left to the caller.
 *
 * @author Reloader contributors
 * @see StatReloader
 */
public interface Reloader extends Closeable {

	/**
	 * Return the name users see in logs, for example {@code StatReloader}.
	 * @return the name
	 */
	String getName();

	/**
	 * Take the initial state of the watch set. Changes made after this method returns are
	 * reported by {@link #poll(Duration)}.
	 * @throws IOException if the watch set cannot be read
	 */
	void start() throws IOException;

	/**
	 * Wait at most {@code timeout} for changes and return those seen since the previous
	 * call, or an empty list if there were none.
	 * @param timeout how long to wait at most
	 * @return the changes, never {@code null}
	 * @throws IOException if watching failed in a way the reloader cannot recover from
	 * @throws InterruptedException if the calling thread was interrupted
	 */
	List<FileChange> poll(Duration timeout) throws IOException, InterruptedException;

	/**
	 * Describe what is watched once started, for example {@code 120 files in 14
	 * directories}.
	 * @return a short description
	 */
	String describe();

	/**
	 * Return what this reloader has seen of the watch set so far, for a reloader in the
	 * next JVM to carry on from with {@link #changesSince(Baseline)}. Called on the
	 * thread that polls, between two polls.
	 * @return the baseline, or {@code null} if this reloader keeps nothing to hand over
	 */
	default Baseline baseline() {
		return null;
	}

	/**
	 * Return what changed between a baseline handed over by a reloader in an earlier JVM
	 * and the initial state {@link #start()} took: changes made while one application
	 * stopped and the next one started. Called once, after {@link #start()} and before
	 * the first {@link #poll(Duration)}.
	 * @param baseline what the earlier reloader saw last
	 * @return the changes, possibly more than what changed but never less; {@code null}
	 * if this reloader cannot compare with a baseline
	 * @throws IOException if the files or Watchman cannot be read
	 */
	default List<FileChange> changesSince(Baseline baseline) throws IOException {
		return null;
	}

	@Override
	default void close() throws IOException {
	}

}
