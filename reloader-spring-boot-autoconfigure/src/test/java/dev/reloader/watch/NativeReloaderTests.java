package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NativeReloader}, with real files and the JDK's real watch service.
 *
 * @author Reloader contributors
 */
class NativeReloaderTests {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	@TempDir
	Path temp;

	private NativeReloader reloader;

	private final List<FileChange> seen = new ArrayList<>();

	@AfterEach
	void close() throws IOException {
		if (this.reloader != null) {
			this.reloader.close();
		}
	}

	@Test
	void newFileIsAdded() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		start(WatchSet.builder().directory(root).build());
		Path file = write(root.resolve("Foo.class"), "foo");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void modifiedFileIsModified() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		Path file = write(root.resolve("Foo.class"), "foo");
		start(WatchSet.builder().directory(root).build());
		write(file, "foo, again");
		Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 10_000));
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(file, ChangeType.MODIFIED));
	}

	@Test
	void deletedFileIsDeleted() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		Path file = write(root.resolve("Foo.class"), "foo");
		start(WatchSet.builder().directory(root).build());
		Files.delete(file);
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(file, ChangeType.DELETED));
	}

	@Test
	void filesWrittenIntoANewDirectoryAtOnceAreAddedAndTheDirectoryIsWatched() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		start(WatchSet.builder().directory(root).build());
		Path deep = Files.createDirectories(root.resolve("com/example/deep"));
		Path one = write(root.resolve("com/One.class"), "1");
		Path two = write(deep.resolve("Two.class"), "2");
		assertThat(awaitChanges((batch) -> batch.size() == 2).getAdded()).containsExactlyInAnyOrder(one, two);
		this.seen.clear();
		Path three = write(deep.resolve("Three.class"), "3");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getAdded()).containsExactly(three);
		assertThat(this.reloader.describe()).isEqualTo("3 files in 4 directories");
	}

	@Test
	void deletedDirectoryReportsItsFilesDeleted() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		Path one = write(root.resolve("com/example/One.class"), "1");
		Path two = write(root.resolve("com/example/sub/Two.class"), "2");
		Path kept = write(root.resolve("Kept.class"), "kept");
		start(WatchSet.builder().directory(root).build());
		FileSystemUtils.deleteRecursively(root.resolve("com"));
		assertThat(awaitChanges((batch) -> batch.size() == 2).getDeleted()).containsExactlyInAnyOrder(one, two);
		assertThat(this.reloader.describe()).isEqualTo("1 files in 1 directories");
		assertThat(kept).exists();
	}

	@Test
	void rootDeletedAndCreatedAgainIsWatchedAgain() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("target/classes"));
		Path old = write(root.resolve("com/Old.class"), "old");
		start(WatchSet.builder().directory(root).build());
		FileSystemUtils.deleteRecursively(this.temp.resolve("target"));
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(old, ChangeType.DELETED));
		this.seen.clear();
		Path created = write(root.resolve("com/New.class"), "new");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(created, ChangeType.ADDED));
		this.seen.clear();
		Path later = write(root.resolve("com/Later.class"), "later");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(later, ChangeType.ADDED));
	}

	@Test
	void rootMissingAtStartIsWatchedOnceCreated() throws Exception {
		Path root = this.temp.resolve("target/classes");
		start(WatchSet.builder().directory(root).build());
		assertThat(this.reloader.describe()).isEqualTo("0 files in 0 directories");
		Path file = write(root.resolve("Foo.class"), "foo");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void rescanReportsWhatChangedSinceTheSnapshotOnceOnly() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		Path modified = write(root.resolve("Modified.class"), "m");
		Path deleted = write(root.resolve("sub/Deleted.class"), "d");
		start(WatchSet.builder().directory(root).build());
		write(modified, "modified");
		Files.delete(deleted);
		Path added = write(root.resolve("sub/deeper/Added.class"), "a");
		ChangeBatch rescanned = ChangeBatch.of(this.reloader.rescan());
		assertThat(rescanned.getAdded()).containsExactly(added);
		assertThat(rescanned.getModified()).containsExactly(modified);
		assertThat(rescanned.getDeleted()).containsExactly(deleted);
		assertThat(this.reloader.poll(Duration.ofMillis(200))).isEmpty();
		Path next = write(root.resolve("sub/deeper/Next.class"), "n");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getAdded()).containsExactly(next);
	}

	@Test
	void moreEventsThanAWatchKeyHoldsAreFoundByARescan() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		start(WatchSet.builder().directory(root).build());
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			files.add(write(root.resolve("File" + i + ".class"), "x"));
		}
		assertThat(awaitChanges((batch) -> batch.size() >= files.size()).getAdded())
			.containsExactlyInAnyOrderElementsOf(files);
	}

	@Test
	void singleFileIsWatchedThroughItsParentDirectory() throws Exception {
		Path directory = Files.createDirectories(this.temp.resolve("config"));
		Path watched = write(directory.resolve("application.properties"), "a=1");
		start(WatchSet.builder().file(watched).build());
		assertThat(this.reloader.describe()).isEqualTo("1 files in 1 directories");
		write(directory.resolve("other.properties"), "b=2");
		write(watched, "a=22");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(watched, ChangeType.MODIFIED));
		assertThat(this.reloader.poll(Duration.ofMillis(100))).isEmpty();
	}

	@Test
	void singleFileInADirectoryCreatedLaterIsAdded() throws Exception {
		Path watched = this.temp.resolve("config/dev/application.properties");
		start(WatchSet.builder().file(watched).build());
		write(watched.resolveSibling("other.properties"), "b=2");
		write(watched, "a=1");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(watched, ChangeType.ADDED));
	}

	@Test
	void excludedFilesAreStillReported() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		start(WatchSet.builder().directory(root).exclude("*.swp").build());
		Path swap = write(root.resolve("Foo.java.swp"), "swap");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(swap, ChangeType.ADDED));
	}

	@Test
	void kernelWatchLimitAtStartFallsBackToPolling() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		write(root.resolve("Foo.class"), "foo");
		this.reloader = new NativeReloader(WatchSet.builder().directory(root).build(), POLL_INTERVAL,
				(directory, service) -> {
					throw new IOException("User limit of inotify watches reached");
				});
		this.reloader.start();
		assertThat(this.reloader.getName()).isEqualTo("StatReloader");
		assertThat(this.reloader.describe())
			.isEqualTo("1 files in 1 directories, polling every 50 ms because the kernel refused more inotify watches");
		Path file = write(root.resolve("Bar.class"), "bar");
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void kernelWatchLimitWhileRunningFallsBackToPollingWithoutLosingChanges() throws Exception {
		Path root = Files.createDirectories(this.temp.resolve("classes"));
		AtomicInteger registrations = new AtomicInteger();
		this.reloader = new NativeReloader(WatchSet.builder().directory(root).build(), POLL_INTERVAL,
				(directory, service) -> {
					if (registrations.incrementAndGet() > 1) {
						throw new IOException("User limit of inotify watches reached");
					}
					return NativeReloader.Registrar.STANDARD.register(directory, service);
				});
		this.reloader.start();
		Path one = write(root.resolve("a/One.class"), "1");
		Path two = write(root.resolve("a/b/Two.class"), "2");
		assertThat(awaitChanges((batch) -> batch.size() == 2).getAdded()).containsExactlyInAnyOrder(one, two);
		assertThat(this.reloader.getName()).isEqualTo("StatReloader");
		this.seen.clear();
		Files.delete(one);
		assertThat(awaitChanges((batch) -> !batch.isEmpty()).getChanges())
			.containsExactly(new FileChange(one, ChangeType.DELETED));
	}

	private void start(WatchSet watchSet) throws IOException {
		this.reloader = new NativeReloader(watchSet, POLL_INTERVAL);
		this.reloader.start();
		assertThat(this.reloader.getName()).isEqualTo("NativeReloader");
	}

	private ChangeBatch awaitChanges(Predicate<ChangeBatch> done) {
		await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
			this.seen.addAll(this.reloader.poll(Duration.ofMillis(100)));
			return done.test(ChangeBatch.of(this.seen));
		});
		return ChangeBatch.of(this.seen);
	}

	private static Path write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content);
	}

}
