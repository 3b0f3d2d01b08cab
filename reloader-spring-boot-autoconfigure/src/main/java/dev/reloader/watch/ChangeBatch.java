package dev.reloader.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The changes collected between two reloads, one entry per file. Several changes to the
 * same file are merged: a file that was added and then modified is reported as added, a
 * file that was deleted and written again as modified, and a file that was added and
 * deleted again is not reported at all.
 *
 * @author Reloader contributors
 */
public final class ChangeBatch {

	private static final int NAMES_IN_SUMMARY = 3;

	private final List<FileChange> changes;

	private ChangeBatch(List<FileChange> changes) {
		this.changes = Collections.unmodifiableList(changes);
	}

	/**
	 * Create a batch from the given changes, merged per file in the order given.
	 * @param changes the changes
	 * @return the batch
	 */
	public static ChangeBatch of(Collection<FileChange> changes) {
		Builder builder = new Builder();
		builder.addAll(changes);
		return builder.build();
	}

	public List<FileChange> getChanges() {
		return this.changes;
	}

	public List<Path> getAdded() {
		return pathsOf(ChangeType.ADDED);
	}

	public List<Path> getModified() {
		return pathsOf(ChangeType.MODIFIED);
	}

	public List<Path> getDeleted() {
		return pathsOf(ChangeType.DELETED);
	}

	public boolean isEmpty() {
		return this.changes.isEmpty();
	}

	public int size() {
		return this.changes.size();
	}

	private List<Path> pathsOf(ChangeType type) {
		List<Path> paths = new ArrayList<>();
		for (FileChange change : this.changes) {
			if (change.type() == type) {
				paths.add(change.path());
			}
		}
		return paths;
	}

	/**
	 * Describe the batch in one short line, naming at most a few files, for example
	 * {@code 3 changes (1 added, 1 modified, 1 deleted): com/example/Foo.class, ...}.
	 * @param relativizer turns an absolute path into the name to show
	 * @return the description
	 */
	public String describe(Function<Path, String> relativizer) {
		StringBuilder line = new StringBuilder();
		line.append(this.changes.size()).append((this.changes.size() != 1) ? " changes" : " change");
		StringJoiner counts = new StringJoiner(", ", " (", ")");
		appendCount(counts, getAdded().size(), "added");
		appendCount(counts, getModified().size(), "modified");
		appendCount(counts, getDeleted().size(), "deleted");
		line.append(counts);
		StringJoiner names = new StringJoiner(", ", ": ", "");
		for (int i = 0; i < Math.min(NAMES_IN_SUMMARY, this.changes.size()); i++) {
			names.add(relativizer.apply(this.changes.get(i).path()));
		}
		if (this.changes.size() > NAMES_IN_SUMMARY) {
			names.add("...");
		}
		return line.append(names).toString();
	}

	private static void appendCount(StringJoiner counts, int count, String label) {
		if (count > 0) {
			counts.add(count + " " + label);
		}
	}

	@Override
	public String toString() {
		return describe(Path::toString);
	}

	/**
	 * Collects changes for a batch, merging repeated changes to one file.
	 */
	public static final class Builder {

		private final Map<Path, ChangeType> changes = new LinkedHashMap<>();

		private boolean deletionSeen;

		public Builder add(FileChange change) {
			this.deletionSeen |= change.type() == ChangeType.DELETED;
			ChangeType previous = this.changes.get(change.path());
			ChangeType merged = merge(previous, change.type());
			if (merged == null) {
				this.changes.remove(change.path());
			}
			else {
				this.changes.put(change.path(), merged);
			}
			return this;
		}

		public Builder addAll(Collection<FileChange> changes) {
			for (FileChange change : changes) {
				add(change);
			}
			return this;
		}

		public Builder addAll(ChangeBatch batch) {
			return addAll(batch.getChanges());
		}

		public boolean isEmpty() {
			return this.changes.isEmpty();
		}

		/**
		 * Return whether the changes collected so far look like a build that has removed
		 * stale output and not yet written the new one: every change to a class file is
		 * a deletion (other files, such as resources a build copies first, do not count),
		 * or, without class files, every change is a deletion.
		 * @return {@code true} if changes were collected and they are such deletions
		 */
		public boolean isDeletionsOnly() {
			boolean classFiles = false;
			boolean classFilesWritten = false;
			boolean written = false;
			for (Map.Entry<Path, ChangeType> change : this.changes.entrySet()) {
				boolean deleted = change.getValue() == ChangeType.DELETED;
				written |= !deleted;
				if (change.getKey().toString().endsWith(".class")) {
					classFiles = true;
					classFilesWritten |= !deleted;
				}
			}
			return !this.changes.isEmpty() && (classFiles ? !classFilesWritten : !written);
		}

		/**
		 * Return whether the changes collected so far are class files written, with no
		 * deletion among them, not even of a file written again since: what an IDE's
		 * incremental build does, whereas a full build deletes the old class files first.
		 * @return {@code true} if changes were collected and they are such writes
		 */
		public boolean isClassFilesWrittenOnly() {
			if (this.deletionSeen || this.changes.isEmpty()) {
				return false;
			}
			for (Map.Entry<Path, ChangeType> change : this.changes.entrySet()) {
				if (change.getValue() == ChangeType.DELETED || !change.getKey().toString().endsWith(".class")) {
					return false;
				}
			}
			return true;
		}

		public ChangeBatch build() {
			List<FileChange> list = new ArrayList<>(this.changes.size());
			this.changes.forEach((path, type) -> list.add(new FileChange(path, type)));
			return new ChangeBatch(list);
		}

		private static ChangeType merge(ChangeType previous, ChangeType next) {
			if (previous == null) {
				return next;
			}
			if (previous == ChangeType.ADDED) {
				return (next == ChangeType.DELETED) ? null : ChangeType.ADDED;
			}
			if (previous == ChangeType.DELETED) {
				return (next == ChangeType.DELETED) ? ChangeType.DELETED : ChangeType.MODIFIED;
			}
			return (next == ChangeType.DELETED) ? ChangeType.DELETED : ChangeType.MODIFIED;
		}

	}

}
