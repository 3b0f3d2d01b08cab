package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Reloader} that polls the modification time and size of every watched file.
 * Works everywhere, including network and container mounts where no file system events
 * arrive. Unlike Django's reloader of the same name, new and deleted files count as
 * changes too: a new class file matters in Java.
 * <p>
 * The first walk lists every directory. After it, each {@link #tick()} reads the
 * attributes of every known file and directory once (one {@code stat} each) and lists
 * again only the directories whose modification time moved, since creating, deleting or
 * renaming an entry is what moves it; a directory changed within the last few seconds
 * is listed on every tick, in case a file system with coarse timestamps hid a second
 * change. The snapshot is updated in place, so a tick allocates only for what changed.
 * Files that vanish during a tick are reported deleted.
 *
 * @author Reloader contributors
 */
public class StatReloader implements Reloader {

	private final WatchSet watchSet;

	private final long pollIntervalNanos;

	private final FileTreeSnapshot snapshot;

	private long nextTickNanos;

	private Instant lastTick = Instant.now();

	/**
	 * Create a new reloader.
	 * @param watchSet what to watch
	 * @param pollInterval how often to walk the watch set
	 */
	public StatReloader(WatchSet watchSet, Duration pollInterval) {
		this(watchSet, pollInterval, new FileTreeSnapshot(watchSet::contains));
	}

	/**
	 * Create a reloader that carries on from an existing snapshot: without
	 * {@link #start()}, the first {@link #poll(Duration)} walks at once and reports what
	 * changed since the snapshot was last updated.
	 */
	StatReloader(WatchSet watchSet, Duration pollInterval, FileTreeSnapshot snapshot) {
		Objects.requireNonNull(watchSet, "'watchSet' must not be null");
		Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("'pollInterval' must be positive, was " + pollInterval);
		}
		this.watchSet = watchSet;
		this.pollIntervalNanos = pollInterval.toNanos();
		this.snapshot = snapshot;
		this.nextTickNanos = System.nanoTime();
	}

	@Override
	public String getName() {
		return "StatReloader";
	}

	@Override
	public void start() throws IOException {
		this.snapshot.clear();
		scan(null);
		this.nextTickNanos = System.nanoTime() + this.pollIntervalNanos;
	}

	/**
	 * Sleep until the next scheduled walk or until {@code timeout} has passed, whichever
	 * comes first, then walk once. Walking at the end of a shorter timeout lets a caller
	 * confirm that the tree stayed quiet for a period shorter than the poll interval.
	 */
	@Override
	public List<FileChange> poll(Duration timeout) throws IOException, InterruptedException {
		long waitNanos = Math.min(timeout.toNanos(), this.nextTickNanos - System.nanoTime());
		if (waitNanos > 0) {
			TimeUnit.NANOSECONDS.sleep(waitNanos);
		}
		List<FileChange> changes = tick();
		this.nextTickNanos = System.nanoTime() + this.pollIntervalNanos;
		return changes;
	}

	/**
	 * Walk the watch set once and return what changed since the previous walk (or since
	 * {@link #start()}).
	 * @return the changes
	 * @throws IOException if a root cannot be read
	 */
	public List<FileChange> tick() throws IOException {
		List<FileChange> changes = new ArrayList<>();
		scan(changes);
		return changes;
	}

	@Override
	public Baseline baseline() {
		return this.snapshot.toBaseline(this.lastTick, this.watchSet.getDirectoriesAndFiles());
	}

	@Override
	public List<FileChange> changesSince(Baseline baseline) {
		return this.snapshot.changesSince(baseline);
	}

	@Override
	public String describe() {
		return this.snapshot.getFileCount() + " files in " + this.snapshot.getDirectoryCount() + " directories";
	}

	private void scan(List<FileChange> changes) throws IOException {
		this.lastTick = Instant.now();
		for (Path directory : this.watchSet.getDirectories()) {
			this.snapshot.refreshTree(directory, changes, FileTreeSnapshot.DirectoryListener.NONE);
		}
		for (Path file : this.watchSet.getFiles()) {
			this.snapshot.updateFile(file, changes);
		}
	}

}
