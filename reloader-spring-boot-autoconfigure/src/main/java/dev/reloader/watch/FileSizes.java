package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The sizes of the files a pending batch added or modified, taken when each change was
 * seen, so that a batch is not acted on while one of its files is still being written.
 * Reloaders built on file system events may report a file once, when it is created, and
 * stay silent while it grows.
 *
 * @author Reloader contributors
 */
final class FileSizes {

	private static final long MISSING = -1;

	private final Map<Path, Long> sizes = new HashMap<>();

	void record(Collection<FileChange> changes) {
		for (FileChange change : changes) {
			if (change.type() == ChangeType.DELETED) {
				this.sizes.remove(change.path());
			}
			else {
				this.sizes.put(change.path(), sizeOf(change.path()));
			}
		}
	}

	/**
	 * Read the sizes again and remember the new ones.
	 * @return whether a file changed its size since it was recorded
	 */
	boolean changedSinceRecorded() {
		boolean changed = false;
		for (Map.Entry<Path, Long> entry : this.sizes.entrySet()) {
			long size = sizeOf(entry.getKey());
			if (size != entry.getValue()) {
				entry.setValue(size);
				changed = true;
			}
		}
		return changed;
	}

	void clear() {
		this.sizes.clear();
	}

	private static long sizeOf(Path path) {
		try {
			return Files.size(path);
		}
		catch (IOException ex) {
			return MISSING;
		}
	}

}
