package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link Reloader} that waits for the JDK's native file system events (inotify on
 * Linux). Every directory under the watched roots is registered; single files are watched
 * through their parent directory. Events only say where to look: each one is checked
 * against a {@link FileTreeSnapshot}, and when events were lost (an overflow or a watch
 * that went away) the affected trees are compared in full, so no change is missed.
 * <p>
 * Roots that do not exist, or are deleted later (as {@code mvn clean} does), are watched
 * through their nearest existing parent directory until they appear again.
 * <p>
 * When the kernel refuses more watches, the reloader logs how to raise the limit and
 * polls for the rest of the run with a {@link StatReloader}; {@link #getName()} then
 * says so.
 *
 * @author Reloader contributors
 */
final class NativeReloader implements Reloader {

	private static final Log logger = LogFactory.getLog(NativeReloader.class);

	private static final WatchEvent.Kind<?>[] EVENT_KINDS = { StandardWatchEventKinds.ENTRY_CREATE,
			StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE };

	private final WatchSet watchSet;

	private final Duration pollInterval;

	private final Registrar registrar;

	private final FileTreeSnapshot snapshot;

	private final Set<Path> fileParents = new LinkedHashSet<>();

	private final Set<Path> attached = new HashSet<>();

	private final Set<Path> ancestors = new HashSet<>();

	private final Set<Path> unwatchable = new HashSet<>();

	private final Map<Path, WatchKey> keys = new HashMap<>();

	private final Map<WatchKey, Path> directories = new HashMap<>();

	private final FileTreeSnapshot.DirectoryListener registrations = new FileTreeSnapshot.DirectoryListener() {

		@Override
		public void found(Path directory) throws IOException {
			register(directory);
		}

		@Override
		public void removed(Path directory) {
			unregister(directory);
		}

	};

	private WatchService watchService;

	private StatReloader fallback;

	private String fallbackReason;

	private Instant lastPoll = Instant.now();

	NativeReloader(WatchSet watchSet, Duration pollInterval) {
		this(watchSet, pollInterval, Registrar.STANDARD);
	}

	NativeReloader(WatchSet watchSet, Duration pollInterval, Registrar registrar) {
		this.watchSet = Objects.requireNonNull(watchSet, "'watchSet' must not be null");
		this.snapshot = new FileTreeSnapshot(watchSet::contains);
		this.pollInterval = Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
		this.registrar = Objects.requireNonNull(registrar, "'registrar' must not be null");
		for (Path file : watchSet.getFiles()) {
			if (!isUnderRoot(file.getParent())) {
				this.fileParents.add(file.getParent());
			}
		}
	}

	@Override
	public String getName() {
		return (this.fallback != null) ? this.fallback.getName() : "NativeReloader";
	}

	@Override
	public void start() throws IOException {
		this.lastPoll = Instant.now();
		try {
			this.watchService = FileSystems.getDefault().newWatchService();
			attachMissing(null);
		}
		catch (IOException ex) {
			if (!isKernelLimit(ex)) {
				closeWatchService();
				throw ex;
			}
			fallBackToPolling(ex);
			this.fallback.start();
		}
	}

	/**
	 * Wait up to {@code timeout} for the first event, then take every event that is
	 * already waiting and check what it points at.
	 */
	@Override
	public List<FileChange> poll(Duration timeout) throws IOException, InterruptedException {
		if (this.fallback != null) {
			return this.fallback.poll(timeout);
		}
		List<FileChange> changes = new ArrayList<>();
		this.lastPoll = Instant.now();
		try {
			Set<Path> lost = new HashSet<>();
			WatchKey key = this.watchService.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
			while (key != null) {
				process(key, changes, lost);
				key = this.watchService.poll();
			}
			rescanLost(lost, changes);
			attachMissing(changes);
		}
		catch (ClosedWatchServiceException ex) {
			return changes;
		}
		catch (IOException ex) {
			if (!isKernelLimit(ex)) {
				throw ex;
			}
			fallBackToPolling(ex);
		}
		return changes;
	}

	/**
	 * Compare everything with the snapshot, as after an overflow, and register what is
	 * not registered yet.
	 * @return the changes since the snapshot was last updated
	 * @throws IOException if a directory cannot be registered
	 */
	List<FileChange> rescan() throws IOException {
		List<FileChange> changes = new ArrayList<>();
		for (Path directory : this.watchSet.getDirectories()) {
			rescan(directory, changes);
		}
		for (Path directory : this.fileParents) {
			rescan(directory, changes);
		}
		attachMissing(changes);
		return changes;
	}

	@Override
	public Baseline baseline() {
		return (this.fallback != null) ? this.fallback.baseline() : this.snapshot.toBaseline(this.lastPoll, this.watchSet.getDirectoriesAndFiles());
	}

	@Override
	public List<FileChange> changesSince(Baseline baseline) {
		return (this.fallback != null) ? this.fallback.changesSince(baseline) : this.snapshot.changesSince(baseline);
	}

	@Override
	public String describe() {
		if (this.fallback != null) {
			return this.fallback.describe() + ", polling every " + this.pollInterval.toMillis() + " ms because "
					+ this.fallbackReason;
		}
		return this.snapshot.getFileCount() + " files in " + this.snapshot.getDirectoryCount() + " directories";
	}

	@Override
	public void close() throws IOException {
		closeWatchService();
		if (this.fallback != null) {
			this.fallback.close();
		}
	}

	private void process(WatchKey key, List<FileChange> changes, Set<Path> lost) throws IOException {
		List<WatchEvent<?>> events = key.pollEvents();
		boolean valid = key.reset();
		Path directory = this.directories.get(key);
		if (directory == null) {
			return;
		}
		boolean inTree = isUnderRoot(directory);
		for (WatchEvent<?> event : events) {
			if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
				lost.add(directory);
				continue;
			}
			Path child = directory.resolve((Path) event.context());
			if (inTree) {
				changed(child, event.kind(), changes);
			}
			else if (this.watchSet.getFiles().contains(child)) {
				this.snapshot.updateFile(child, changes);
			}
		}
		if (!valid) {
			this.directories.remove(key);
			if (this.keys.get(directory) == key) {
				this.keys.remove(directory);
				lost.add(directory);
			}
		}
	}

	private void changed(Path path, WatchEvent.Kind<?> kind, List<FileChange> changes) throws IOException {
		BasicFileAttributes attributes = FileTreeSnapshot.readAttributes(path);
		this.snapshot.updateFile(path, attributes, changes);
		if (attributes != null && attributes.isDirectory()) {
			if (kind != StandardWatchEventKinds.ENTRY_MODIFY || !this.snapshot.isDirectory(path)) {
				this.snapshot.scanTree(path, changes, this.registrations);
			}
		}
		else if (this.snapshot.isDirectory(path)) {
			this.snapshot.removeTree(path, changes, this.registrations);
		}
	}

	private void rescan(Path directory, List<FileChange> changes) throws IOException {
		if (isUnderRoot(directory)) {
			this.snapshot.scanTree(directory, changes, this.registrations);
		}
		if (this.fileParents.contains(directory)) {
			if (Files.isDirectory(directory)) {
				register(directory);
			}
			else {
				unregister(directory);
			}
			for (Path file : this.watchSet.getFiles()) {
				if (directory.equals(file.getParent())) {
					this.snapshot.updateFile(file, changes);
				}
			}
		}
	}

	/**
	 * Attach every root and single-file parent that is not watched yet: compare and
	 * register it if it exists, otherwise watch its nearest existing parent so that its
	 * creation is an event. Parents that are no longer needed for this are released.
	 */
	private void attachMissing(List<FileChange> changes) throws IOException {
		Set<Path> neededAncestors = new HashSet<>();
		for (Path root : this.watchSet.getDirectories()) {
			if (!this.attached.contains(root)) {
				attach(root, changes, neededAncestors);
			}
		}
		for (Path parent : this.fileParents) {
			if (!this.attached.contains(parent)) {
				attach(parent, changes, neededAncestors);
			}
		}
		for (Path ancestor : new ArrayList<>(this.ancestors)) {
			if (!neededAncestors.contains(ancestor)) {
				this.ancestors.remove(ancestor);
				if (!this.snapshot.isDirectory(ancestor) && !this.fileParents.contains(ancestor)) {
					unregister(ancestor);
				}
			}
		}
	}

	private void attach(Path anchor, List<FileChange> changes, Set<Path> neededAncestors) throws IOException {
		while (!Files.isDirectory(anchor)) {
			Path ancestor = nearestExistingAncestor(anchor);
			if (ancestor == null) {
				return;
			}
			if (!this.keys.containsKey(ancestor)) {
				register(ancestor);
				this.ancestors.add(ancestor);
			}
			neededAncestors.add(ancestor);
			if (ancestor.equals(nearestExistingAncestor(anchor))) {
				return;
			}
		}
		this.attached.add(anchor);
		rescan(anchor, changes);
	}

	private static Path nearestExistingAncestor(Path path) {
		for (Path candidate = path.getParent(); candidate != null; candidate = candidate.getParent()) {
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private void register(Path directory) throws IOException {
		WatchKey key;
		try {
			key = this.registrar.register(directory, this.watchService);
		}
		catch (NoSuchFileException | NotDirectoryException ex) {
			return;
		}
		catch (IOException ex) {
			if (isKernelLimit(ex)) {
				throw ex;
			}
			if (this.unwatchable.add(directory)) {
				logger.warn("Cannot watch " + directory + " for changes (" + ex + "); changes in it are noticed"
						+ " only when it is compared again after an event in its parent directory");
			}
			return;
		}
		WatchKey previous = this.keys.put(directory, key);
		if (previous != null && previous != key) {
			this.directories.remove(previous);
			previous.cancel();
		}
		this.directories.put(key, directory);
	}

	private void unregister(Path directory) {
		this.attached.remove(directory);
		if (this.ancestors.contains(directory) || this.fileParents.contains(directory)) {
			if (Files.isDirectory(directory)) {
				return;
			}
		}
		WatchKey key = this.keys.remove(directory);
		if (key != null) {
			this.directories.remove(key);
			key.cancel();
		}
	}

	private boolean isUnderRoot(Path path) {
		for (Path root : this.watchSet.getDirectories()) {
			if (path.startsWith(root)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Compare the directories whose events were lost: each tree once from its outermost
	 * lost directory (after a kernel overflow every watch reports one), and the parents
	 * of single files. Lost parents of missing roots need nothing: they are looked at
	 * again when the missing roots are.
	 */
	private void rescanLost(Set<Path> lost, List<FileChange> changes) throws IOException {
		List<Path> sorted = new ArrayList<>(lost);
		sorted.sort(Comparator.comparingInt(Path::getNameCount));
		List<Path> scanned = new ArrayList<>();
		for (Path directory : sorted) {
			if (this.fileParents.contains(directory)) {
				rescan(directory, changes);
			}
			else if (isUnderRoot(directory) && scanned.stream().noneMatch(directory::startsWith)) {
				scanned.add(directory);
				rescan(directory, changes);
			}
		}
	}

	private static boolean isKernelLimit(IOException ex) {
		String message = ex.getMessage();
		return message != null && (message.contains("inotify watches") || message.contains("inotify instances")
				|| message.contains("No space left on device"));
	}

	private void fallBackToPolling(IOException ex) throws IOException {
		boolean instances = ex.getMessage().contains("instances");
		String setting = instances ? "fs.inotify.max_user_instances" : "fs.inotify.max_user_watches";
		String value = instances ? "1024" : "524288";
		this.fallbackReason = "the kernel refused more inotify " + (instances ? "instances" : "watches");
		logger.warn("Cannot watch " + this.watchSet.getDirectories() + " with native file system events ("
				+ ex.getMessage() + "), polling for changes every " + this.pollInterval.toMillis()
				+ " ms instead. Raise the limit with 'sudo sysctl " + setting + "=" + value + "' and keep it with a"
				+ " line '" + setting + "=" + value + "' in a file under /etc/sysctl.d/, or set reloader.type=stat");
		closeWatchService();
		this.keys.clear();
		this.directories.clear();
		this.fallback = new StatReloader(this.watchSet, this.pollInterval, this.snapshot);
	}

	private void closeWatchService() throws IOException {
		if (this.watchService != null) {
			this.watchService.close();
		}
	}

	/**
	 * Registers a directory with a watch service.
	 */
	@FunctionalInterface
	interface Registrar {

		/**
		 * Registers for creation, modification and deletion events.
		 */
		Registrar STANDARD = (directory, watchService) -> directory.register(watchService, EVENT_KINDS);

		WatchKey register(Path directory, WatchService watchService) throws IOException;

	}

}
