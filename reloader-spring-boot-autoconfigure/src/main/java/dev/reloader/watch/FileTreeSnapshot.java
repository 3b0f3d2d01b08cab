package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The last known modification time and size of the regular files under some directories,
 * kept per directory so that one subtree can be compared or dropped on its own. Every
 * comparison updates the snapshot and reports what differs as {@link FileChange changes};
 * a {@code null} change list updates the snapshot silently.
 * <p>
 * {@link StatReloader} compares whole trees on every tick; {@link NativeReloader}
 * compares the files and directories that events point at, and whole trees after an
 * overflow. Not thread-safe.
 *
 * @author Reloader contributors
 */
final class FileTreeSnapshot {

	private static final Log logger = LogFactory.getLog(FileTreeSnapshot.class);

	private static final EnumSet<FileVisitOption> FOLLOW_LINKS = EnumSet.of(FileVisitOption.FOLLOW_LINKS);

	/**
	 * How long after a directory's last change it is still listed on every
	 * {@link #refreshTree refresh}: the coarsest timestamp granularity of common file
	 * systems (FAT has two seconds) plus a margin.
	 */
	static final long RACY_MILLIS = 3000;

	private final Predicate<Path> watched;

	private final Map<Path, Directory> directories = new HashMap<>();

	private final Set<Path> warned = new HashSet<>();

	private int generation;

	private int fileCount;

	/**
	 * Create a snapshot of every regular file.
	 */
	FileTreeSnapshot() {
		this((file) -> true);
	}

	/**
	 * Create a snapshot of the regular files the given predicate accepts.
	 * @param watched which files to keep (for example those a watch set includes)
	 */
	FileTreeSnapshot(Predicate<Path> watched) {
		this.watched = watched;
	}

	int getFileCount() {
		return this.fileCount;
	}

	int getDirectoryCount() {
		return this.directories.size();
	}

	boolean isDirectory(Path path) {
		return this.directories.containsKey(path);
	}

	/**
	 * Return the state of every file as a baseline for the next reloader.
	 * @param seen when the files were last compared
	 * @param roots the watched directories and files
	 * @return the baseline
	 */
	Baseline toBaseline(Instant seen, List<Path> roots) {
		Baseline.Builder builder = Baseline.builder(seen, roots);
		this.directories.forEach((path, directory) -> directory.files
			.forEach((file, state) -> builder.file(file, state.key, state.size, state.modified)));
		return builder.build();
	}

	/**
	 * Return what differs between a baseline handed over by an earlier reloader and this
	 * snapshot. Where the baseline holds no file states, every file modified since it
	 * was seen (less a margin for coarse timestamps) is reported modified.
	 * @param baseline the earlier baseline
	 * @return the changes
	 */
	List<FileChange> changesSince(Baseline baseline) {
		if (!baseline.hasFileStates()) {
			return modifiedSince(baseline);
		}
		List<FileChange> changes = new ArrayList<>();
		this.directories.forEach((path, directory) -> {
			if (!baseline.covers(path)) {
				return;
			}
			Map<String, Baseline.FileState> before = baseline.filesIn(path);
			int matched = 0;
			for (Map.Entry<Path, FileState> entry : directory.files.entrySet()) {
				FileState state = entry.getValue();
				Baseline.FileState was = before.get(entry.getKey().getFileName().toString());
				if (was == null) {
					changes.add(new FileChange(entry.getKey(), ChangeType.ADDED));
					continue;
				}
				matched++;
				if (was.key() != state.key || was.size() != state.size || was.modified() != state.modified) {
					changes.add(new FileChange(entry.getKey(), ChangeType.MODIFIED));
				}
			}
			if (matched < before.size()) {
				reportDeleted(path, before, directory.files, changes);
			}
		});
		for (Path path : baseline.getDirectories()) {
			if (!this.directories.containsKey(path)) {
				reportDeleted(path, baseline.filesIn(path), Map.of(), changes);
			}
		}
		return changes;
	}

	private void reportDeleted(Path directory, Map<String, Baseline.FileState> before, Map<Path, FileState> now,
			List<FileChange> changes) {
		for (String name : before.keySet()) {
			Path file = directory.resolve(name);
			if (!now.containsKey(file) && this.watched.test(file)) {
				changes.add(new FileChange(file, ChangeType.DELETED));
			}
		}
	}

	/**
	 * Return every known file that the baseline covers and whose modification time is
	 * not before the time the baseline was seen, less a margin for coarse timestamps, as
	 * modified.
	 * @param baseline the baseline
	 * @return the changes
	 */
	private List<FileChange> modifiedSince(Baseline baseline) {
		Instant since = baseline.getSeen().minusMillis(RACY_MILLIS);
		long earliest = TimeUnit.SECONDS.toNanos(since.getEpochSecond()) + since.getNano();
		List<FileChange> changes = new ArrayList<>();
		this.directories.forEach((path, directory) -> directory.files.forEach((file, state) -> {
			if (state.modified >= earliest && baseline.covers(file)) {
				changes.add(new FileChange(file, ChangeType.MODIFIED));
			}
		}));
		return changes;
	}

	void clear() {
		this.directories.clear();
		this.fileCount = 0;
	}

	/**
	 * Walk the tree under {@code root} and compare it with the snapshot. Everything known
	 * under {@code root} that is no longer there is reported deleted, including the whole
	 * tree when {@code root} is not a directory any more.
	 * @param root the directory to compare
	 * @param changes where to report changes, or {@code null}
	 * @param listener told about every directory found, before its entries are read, and
	 * every directory dropped
	 * @throws IOException if the listener fails
	 */
	void scanTree(Path root, List<FileChange> changes, DirectoryListener listener) throws IOException {
		if (!Files.isDirectory(root)) {
			removeTree(root, changes, listener);
			return;
		}
		Files.walkFileTree(root, FOLLOW_LINKS, Integer.MAX_VALUE, new Visitor(++this.generation, changes, listener));
	}

	/**
	 * Compare the tree under {@code root} with the snapshot cheaply: every known file and
	 * directory has its attributes read once, and only directories whose modification
	 * time moved (or may have moved unseen, see {@link Directory#mayHaveChanged}) are
	 * listed again. A root that is not known yet is {@link #scanTree scanned} in full.
	 * Reads one set of attributes per file and directory, and allocates only for what
	 * changed.
	 * @param root the directory to compare
	 * @param changes where to report changes, or {@code null}
	 * @param listener told about every directory found and every directory dropped
	 * @throws IOException if the listener fails
	 */
	void refreshTree(Path root, List<FileChange> changes, DirectoryListener listener) throws IOException {
		Directory directory = this.directories.get(root);
		if (directory == null) {
			scanTree(root, changes, listener);
			return;
		}
		BasicFileAttributes attributes = readAttributes(root);
		if (attributes == null || !attributes.isDirectory()) {
			removeTree(root, changes, listener);
			return;
		}
		refreshDirectory(root, directory, attributes, ++this.generation, changes, listener);
	}

	private void refreshDirectory(Path path, Directory directory, BasicFileAttributes attributes, int generation,
			List<FileChange> changes, DirectoryListener listener) throws IOException {
		if (directory.mayHaveChanged(attributes) && !relist(path, directory, attributes, changes, listener)) {
			return;
		}
		Iterator<Map.Entry<Path, FileState>> files = directory.files.entrySet().iterator();
		List<Path> becameDirectories = null;
		while (files.hasNext()) {
			Map.Entry<Path, FileState> entry = files.next();
			FileState state = entry.getValue();
			if (state.generation == generation) {
				continue;
			}
			BasicFileAttributes fileAttributes = readAttributes(entry.getKey());
			if (fileAttributes == null || !fileAttributes.isRegularFile()) {
				files.remove();
				this.fileCount--;
				report(changes, entry.getKey(), ChangeType.DELETED);
				if (fileAttributes != null && fileAttributes.isDirectory()) {
					becameDirectories = (becameDirectories != null) ? becameDirectories : new ArrayList<>();
					becameDirectories.add(entry.getKey());
				}
				continue;
			}
			state.generation = generation;
			compare(state, entry.getKey(), fileAttributes, changes);
		}
		Iterator<Path> subdirectories = directory.subdirectories.iterator();
		List<Path> becameFiles = null;
		while (subdirectories.hasNext()) {
			Path subpath = subdirectories.next();
			Directory subdirectory = this.directories.get(subpath);
			if (subdirectory == null || subdirectory.generation == generation) {
				continue;
			}
			subdirectory.generation = generation;
			BasicFileAttributes subattributes = readAttributes(subpath);
			if (subattributes == null || !subattributes.isDirectory()) {
				subdirectories.remove();
				removeDescendants(subpath, changes, listener);
				if (subattributes != null && subattributes.isRegularFile()) {
					becameFiles = (becameFiles != null) ? becameFiles : new ArrayList<>();
					becameFiles.add(subpath);
				}
				continue;
			}
			refreshDirectory(subpath, subdirectory, subattributes, generation, changes, listener);
		}
		if (becameDirectories != null) {
			for (Path subpath : becameDirectories) {
				scanTree(subpath, changes, listener);
			}
		}
		if (becameFiles != null) {
			for (Path file : becameFiles) {
				updateFile(file, changes);
			}
		}
	}

	/**
	 * List a directory again: report the files that appeared or vanished, scan new
	 * subdirectories and drop vanished ones.
	 * @return whether the directory could be listed
	 */
	private boolean relist(Path path, Directory directory, BasicFileAttributes attributes, List<FileChange> changes,
			DirectoryListener listener) throws IOException {
		long now = System.currentTimeMillis();
		int generation = ++this.generation;
		List<Path> added = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
			for (Path entry : stream) {
				if (!markSeen(directory, entry, generation)) {
					added.add(entry);
				}
			}
		}
		catch (NoSuchFileException | NotDirectoryException ex) {
			removeTree(path, changes, listener);
			return false;
		}
		catch (IOException | DirectoryIteratorException ex) {
			warnOnce(path, "Could not list " + path + ": " + ex);
			return true;
		}
		directory.listed(attributes, now);
		sweep(directory, generation, changes, listener);
		for (Path entry : added) {
			BasicFileAttributes entryAttributes = readAttributes(entry);
			if (entryAttributes == null) {
				continue;
			}
			if (entryAttributes.isDirectory()) {
				if (isLoop(path, entryAttributes.fileKey())) {
					warnOnce(entry, "Skipping " + entry
							+ ": it is a symbolic link that loops back to a parent directory");
				}
				else {
					scanTree(entry, changes, listener);
				}
			}
			else if (entryAttributes.isRegularFile() && this.watched.test(entry)) {
				record(directory, entry, entryAttributes, this.generation, changes);
			}
		}
		return true;
	}

	/**
	 * Mark a listed entry that the snapshot knows as seen by the given generation.
	 * @return {@code false} if the entry is new
	 */
	private boolean markSeen(Directory directory, Path entry, int generation) {
		FileState state = directory.files.get(entry);
		if (state != null) {
			state.generation = generation;
			return true;
		}
		if (directory.subdirectories.contains(entry)) {
			Directory subdirectory = this.directories.get(entry);
			if (subdirectory != null) {
				subdirectory.generation = generation;
			}
			return true;
		}
		return false;
	}

	private boolean isLoop(Path parent, Object key) {
		if (key == null) {
			return false;
		}
		for (Path ancestor = parent; ancestor != null; ancestor = ancestor.getParent()) {
			Directory directory = this.directories.get(ancestor);
			if (directory == null) {
				return false;
			}
			if (key.equals(directory.key)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Forget {@code directory} and everything under it, reporting its files deleted.
	 * @param directory the directory
	 * @param changes where to report changes, or {@code null}
	 * @param listener told about every directory dropped
	 */
	void removeTree(Path directory, List<FileChange> changes, DirectoryListener listener) {
		Directory parent = this.directories.get(directory.getParent());
		if (parent != null) {
			parent.subdirectories.remove(directory);
		}
		removeDescendants(directory, changes, listener);
	}

	private void removeDescendants(Path path, List<FileChange> changes, DirectoryListener listener) {
		Directory directory = this.directories.remove(path);
		if (directory == null) {
			return;
		}
		for (Path file : directory.files.keySet()) {
			this.fileCount--;
			report(changes, file, ChangeType.DELETED);
		}
		for (Path subdirectory : directory.subdirectories) {
			removeDescendants(subdirectory, changes, listener);
		}
		listener.removed(path);
	}

	/**
	 * Compare one file with the snapshot by reading its attributes.
	 * @param file the file
	 * @param changes where to report changes, or {@code null}
	 */
	void updateFile(Path file, List<FileChange> changes) {
		updateFile(file, readAttributes(file), changes);
	}

	/**
	 * Compare one file with the snapshot given its current attributes. A path that is
	 * missing or not a regular file (any more) is reported deleted if it was known.
	 * @param file the file
	 * @param attributes its attributes or {@code null} if it does not exist
	 * @param changes where to report changes, or {@code null}
	 */
	void updateFile(Path file, BasicFileAttributes attributes, List<FileChange> changes) {
		if (!this.watched.test(file)) {
			return;
		}
		Path parent = file.getParent();
		Directory directory = this.directories.get(parent);
		if (attributes == null || !attributes.isRegularFile()) {
			if (directory != null && directory.files.remove(file) != null) {
				this.fileCount--;
				report(changes, file, ChangeType.DELETED);
			}
			return;
		}
		if (directory == null) {
			directory = new Directory();
			this.directories.put(parent, directory);
		}
		record(directory, file, attributes, this.generation, changes);
	}

	private void record(Directory directory, Path file, BasicFileAttributes attributes, int generation,
			List<FileChange> changes) {
		FileState state = directory.files.get(file);
		if (state == null) {
			long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
			directory.files.put(file, new FileState(modified, attributes.size(),
					Baseline.FileState.keyOf(attributes.fileKey()), generation));
			this.fileCount++;
			report(changes, file, ChangeType.ADDED);
			return;
		}
		state.generation = generation;
		compare(state, file, attributes, changes);
	}

	private static void compare(FileState state, Path file, BasicFileAttributes attributes,
			List<FileChange> changes) {
		long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
		long size = attributes.size();
		int key = Baseline.FileState.keyOf(attributes.fileKey());
		if (state.modified != modified || state.size != size || state.key != key) {
			state.modified = modified;
			state.size = size;
			state.key = key;
			report(changes, file, ChangeType.MODIFIED);
		}
	}

	/**
	 * Drop what a walk did not see again in a directory it has just read.
	 */
	private void sweep(Directory directory, int generation, List<FileChange> changes, DirectoryListener listener) {
		Iterator<Map.Entry<Path, FileState>> files = directory.files.entrySet().iterator();
		while (files.hasNext()) {
			Map.Entry<Path, FileState> entry = files.next();
			if (entry.getValue().generation != generation) {
				files.remove();
				this.fileCount--;
				report(changes, entry.getKey(), ChangeType.DELETED);
			}
		}
		Iterator<Path> subdirectories = directory.subdirectories.iterator();
		while (subdirectories.hasNext()) {
			Path path = subdirectories.next();
			Directory subdirectory = this.directories.get(path);
			if (subdirectory == null || subdirectory.generation != generation) {
				subdirectories.remove();
				removeDescendants(path, changes, listener);
			}
		}
	}

	private static void report(List<FileChange> changes, Path file, ChangeType type) {
		if (changes != null) {
			changes.add(new FileChange(file, type));
		}
	}

	static BasicFileAttributes readAttributes(Path path) {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class);
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

	/**
	 * Told about the directories a comparison finds or drops.
	 */
	interface DirectoryListener {

		DirectoryListener NONE = new DirectoryListener() {
		};

		/**
		 * A directory was found; its entries have not been read yet.
		 * @param directory the directory
		 * @throws IOException to abort the comparison
		 */
		default void found(Path directory) throws IOException {
		}

		/**
		 * A directory is gone or no longer under a compared tree.
		 * @param directory the directory
		 */
		default void removed(Path directory) {
		}

	}

	private final class Visitor extends SimpleFileVisitor<Path> {

		private final int generation;

		private final List<FileChange> changes;

		private final DirectoryListener listener;

		private final Deque<Directory> open = new ArrayDeque<>();

		Visitor(int generation, List<FileChange> changes, DirectoryListener listener) {
			this.generation = generation;
			this.changes = changes;
			this.listener = listener;
		}

		@Override
		public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
			this.listener.found(dir);
			Map<Path, Directory> directories = FileTreeSnapshot.this.directories;
			Directory directory = directories.get(dir);
			if (directory == null) {
				directory = new Directory();
				directories.put(dir, directory);
			}
			directory.generation = this.generation;
			directory.listed(attributes, System.currentTimeMillis());
			Directory parent = this.open.isEmpty() ? directories.get(dir.getParent()) : this.open.peek();
			if (parent != null) {
				parent.subdirectories.add(dir);
			}
			this.open.push(directory);
			return FileVisitResult.CONTINUE;
		}

		@Override
		public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
			if (attributes.isRegularFile() && !this.open.isEmpty() && FileTreeSnapshot.this.watched.test(file)) {
				record(this.open.peek(), file, attributes, this.generation, this.changes);
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
			Directory directory = this.open.pop();
			if (ex == null) {
				sweep(directory, this.generation, this.changes, this.listener);
			}
			else {
				warnOnce(dir, "Could not read all of " + dir + ": " + ex);
			}
			return FileVisitResult.CONTINUE;
		}

	}

	private static final class Directory {

		final Map<Path, FileState> files = new HashMap<>();

		final Set<Path> subdirectories = new HashSet<>();

		int generation;

		/**
		 * The directory's modification time when it was last listed, in nanoseconds.
		 */
		long modified = Long.MIN_VALUE;

		/**
		 * The directory's file key when it was last listed, if the file system has one.
		 */
		Object key;

		/**
		 * When the directory was last listed, in milliseconds of the wall clock.
		 */
		long listed;

		void listed(BasicFileAttributes attributes, long now) {
			this.modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
			this.key = attributes.fileKey();
			this.listed = now;
		}

		/**
		 * Whether the entries may differ from the last listing. Creating, deleting or
		 * renaming an entry changes a directory's modification time, but only by the file
		 * system's timestamp granularity: a directory changed shortly before it was
		 * listed may change again without its time moving, so it is listed again until
		 * its last change is {@link FileTreeSnapshot#RACY_MILLIS} older than the listing.
		 */
		boolean mayHaveChanged(BasicFileAttributes attributes) {
			long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
			if (modified != this.modified || !Objects.equals(attributes.fileKey(), this.key)) {
				return true;
			}
			return TimeUnit.NANOSECONDS.toMillis(modified) >= this.listed - RACY_MILLIS;
		}

	}

	private static final class FileState {

		long modified;

		long size;

		/**
		 * A hash of the file's key (its inode on Unix): a file replaced by another of
		 * the same size and time is a change too.
		 */
		int key;

		int generation;

		FileState(long modified, long size, int key, int generation) {
			this.modified = modified;
			this.size = size;
			this.key = key;
			this.generation = generation;
		}

	}

}
