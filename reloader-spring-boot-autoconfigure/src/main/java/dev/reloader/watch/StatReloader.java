package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link Reloader} that polls the modification time and size of every watched file.
 * Works everywhere, including network and container mounts where no file system events
 * arrive. Unlike Django's reloader of the same name, new and deleted files count as
 * changes too: a new class file matters in Java.
 * <p>
 * Each {@link #tick()} walks the watch set once and compares it with the state kept from
 * the previous walk; entries are updated in place, so a tick allocates only for what
 * changed. Files that vanish during a walk are skipped.
 *
 * @author Reloader contributors
 */
public class StatReloader implements Reloader {

	private static final Log logger = LogFactory.getLog(StatReloader.class);

	private final WatchSet watchSet;

	private final long pollIntervalNanos;

	private final Map<Path, Entry> entries = new HashMap<>();

	private final Set<Path> warned = new HashSet<>();

	private int generation;

	private int directoryCount;

	private long nextTickNanos;

	/**
	 * Create a new reloader.
	 * @param watchSet what to watch
	 * @param pollInterval how often to walk the watch set
	 */
	public StatReloader(WatchSet watchSet, Duration pollInterval) {
		Objects.requireNonNull(watchSet, "'watchSet' must not be null");
		Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("'pollInterval' must be positive, was " + pollInterval);
		}
		this.watchSet = watchSet;
		this.pollIntervalNanos = pollInterval.toNanos();
	}

	@Override
	public String getName() {
		return "StatReloader";
	}

	@Override
	public void start() throws IOException {
		this.entries.clear();
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
	public String describe() {
		return this.entries.size() + " files in " + this.directoryCount + " directories";
	}

	private void scan(List<FileChange> changes) throws IOException {
		int current = ++this.generation;
		this.directoryCount = 0;
		Visitor visitor = new Visitor(current, changes);
		for (Path directory : this.watchSet.getDirectories()) {
			if (Files.isDirectory(directory)) {
				visitor.root = directory;
				Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, visitor);
			}
		}
		visitor.root = null;
		for (Path file : this.watchSet.getFiles()) {
			BasicFileAttributes attributes = readAttributes(file);
			if (attributes != null && attributes.isRegularFile()) {
				visitor.visitFile(file, attributes);
			}
		}
		Iterator<Map.Entry<Path, Entry>> iterator = this.entries.entrySet().iterator();
		while (iterator.hasNext()) {
			Map.Entry<Path, Entry> entry = iterator.next();
			if (entry.getValue().generation != current) {
				iterator.remove();
				if (changes != null) {
					changes.add(new FileChange(entry.getKey(), ChangeType.DELETED));
				}
			}
		}
	}

	private static BasicFileAttributes readAttributes(Path file) {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private void warnOnce(Path path, String message) {
		if (this.warned.add(path)) {
			logger.warn(message);
		}
	}

	private final class Visitor extends SimpleFileVisitor<Path> {

		private final int generation;

		private final List<FileChange> changes;

		private Path root;

		Visitor(int generation, List<FileChange> changes) {
			this.generation = generation;
			this.changes = changes;
		}

		@Override
		public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
			StatReloader.this.directoryCount++;
			return FileVisitResult.CONTINUE;
		}

		@Override
		public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
			if (!attributes.isRegularFile()
					|| (this.root != null && !StatReloader.this.watchSet.includes(this.root, file))) {
				return FileVisitResult.CONTINUE;
			}
			long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
			long size = attributes.size();
			Entry entry = StatReloader.this.entries.get(file);
			if (entry == null) {
				StatReloader.this.entries.put(file, new Entry(modified, size, this.generation));
				if (this.changes != null) {
					this.changes.add(new FileChange(file, ChangeType.ADDED));
				}
				return FileVisitResult.CONTINUE;
			}
			entry.generation = this.generation;
			if (entry.modified != modified || entry.size != size) {
				entry.modified = modified;
				entry.size = size;
				if (this.changes != null) {
					this.changes.add(new FileChange(file, ChangeType.MODIFIED));
				}
			}
			return FileVisitResult.CONTINUE;
		}

		@Override
		public FileVisitResult visitFileFailed(Path file, IOException ex) {
			if (ex instanceof NoSuchFileException) {
				return FileVisitResult.CONTINUE;
			}
			if (ex instanceof FileSystemLoopException) {
				warnOnce(file, "Skipping " + file + ": it is a symbolic link that loops back to a parent directory");
			}
			else if (ex instanceof AccessDeniedException) {
				warnOnce(file, "Skipping " + file + ": it cannot be read (permission denied)");
			}
			else {
				warnOnce(file, "Skipping " + file + ": " + ex);
			}
			return FileVisitResult.CONTINUE;
		}

		@Override
		public FileVisitResult postVisitDirectory(Path dir, IOException ex) {
			return FileVisitResult.CONTINUE;
		}

	}

	private static final class Entry {

		long modified;

		long size;

		int generation;

		Entry(long modified, long size, int generation) {
			this.modified = modified;
			this.size = size;
			this.generation = generation;
		}

	}

}
