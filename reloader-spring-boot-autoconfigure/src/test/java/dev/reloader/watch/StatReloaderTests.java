package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StatReloader}, stepped tick by tick.
 *
 * @author Reloader contributors
 */
class StatReloaderTests {

	private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

	@TempDir
	Path root;

	private StatReloader reloader;

	@BeforeEach
	void setUp() throws IOException {
		write("com/example/Existing.class", "one", 0);
		this.reloader = new StatReloader(WatchSet.builder().directory(this.root).build(), Duration.ofSeconds(1));
		this.reloader.start();
	}

	@Test
	void nothingChangedIsNoChange() throws IOException {
		assertThat(this.reloader.tick()).isEmpty();
	}

	@Test
	void newerModificationTimeIsAChange() throws IOException {
		Path file = this.root.resolve("com/example/Existing.class");
		Files.setLastModifiedTime(file, FileTime.from(BASE.plusSeconds(5)));
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.MODIFIED));
		assertThat(this.reloader.tick()).isEmpty();
	}

	@Test
	void olderModificationTimeIsAChange() throws IOException {
		Path file = this.root.resolve("com/example/Existing.class");
		Files.setLastModifiedTime(file, FileTime.from(BASE.minusSeconds(5)));
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.MODIFIED));
	}

	@Test
	void sizeChangeWithSameModificationTimeIsAChange() throws IOException {
		Path file = write("com/example/Existing.class", "longer content", 0);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.MODIFIED));
	}

	@Test
	void newFileInWatchedDirectoryIsAChange() throws IOException {
		Path file = write("com/example/Added.class", "two", 1);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.ADDED));
		assertThat(this.reloader.tick()).isEmpty();
	}

	@Test
	void newFileInNewSubdirectoryIsAChange() throws IOException {
		Path file = write("com/example/deep/er/Added.class", "two", 1);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void deletedFileIsAChange() throws IOException {
		Path file = this.root.resolve("com/example/Existing.class");
		Files.delete(file);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.DELETED));
		assertThat(this.reloader.tick()).isEmpty();
	}

	@Test
	void deletedRootReportsItsFilesAndRecreatedRootIsWatchedAgain() throws IOException {
		Path file = this.root.resolve("com/example/Existing.class");
		Files.delete(file);
		Files.delete(file.getParent());
		Files.delete(file.getParent().getParent());
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.DELETED));
		write("com/example/Existing.class", "one", 0);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void missingRootIsNotAnError() throws IOException {
		Path missing = this.root.resolve("not-yet");
		StatReloader reloader = new StatReloader(WatchSet.builder().directory(missing).build(), Duration.ofSeconds(1));
		reloader.start();
		assertThat(reloader.tick()).isEmpty();
		Path file = write("not-yet/App.class", "x", 0);
		assertThat(reloader.tick()).containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void singleFileIsWatchedWithoutItsSiblings() throws IOException {
		Path other = Files.createDirectories(this.root.resolve("config"));
		Path file = Files.writeString(other.resolve("app.yml"), "a: 1");
		Files.writeString(other.resolve("sibling.yml"), "b: 1");
		StatReloader reloader = new StatReloader(WatchSet.builder().file(file).build(), Duration.ofSeconds(1));
		reloader.start();
		Files.writeString(other.resolve("sibling.yml"), "b: 2222");
		Files.writeString(file, "a: 2222");
		assertThat(reloader.tick()).containsExactly(new FileChange(file, ChangeType.MODIFIED));
		assertThat(reloader.describe()).startsWith("1 files");
	}

	@Test
	void severalChangesInOneTickAreAllReported() throws IOException {
		Path existing = this.root.resolve("com/example/Existing.class");
		Files.delete(existing);
		Path added = write("com/example/Added.class", "two", 1);
		List<FileChange> changes = this.reloader.tick();
		assertThat(changes).containsExactlyInAnyOrder(new FileChange(existing, ChangeType.DELETED),
				new FileChange(added, ChangeType.ADDED));
	}

	@Test
	void directoryWhoseTimeDidNotMoveIsNotListedAgain() throws IOException {
		Path directory = this.root.resolve("com/example");
		FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
		Files.setLastModifiedTime(directory, longAgo);
		assertThat(this.reloader.tick()).isEmpty();
		Path file = write("com/example/Added.class", "two", 1);
		Files.setLastModifiedTime(directory, longAgo);
		assertThat(this.reloader.tick()).isEmpty();
		Files.setLastModifiedTime(directory, FileTime.from(Instant.now()));
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void directoryChangedShortlyBeforeItWasListedIsListedAgainEvenIfItsTimeDidNotMove() throws IOException {
		Path directory = this.root.resolve("com/example");
		FileTime recent = FileTime.from(Instant.now().plusSeconds(10));
		Files.setLastModifiedTime(directory, recent);
		assertThat(this.reloader.tick()).isEmpty();
		Path file = write("com/example/Added.class", "two", 1);
		Files.setLastModifiedTime(directory, recent);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void modifiedFileInDirectoryThatIsNotListedAgainIsAChange() throws IOException {
		Path directory = this.root.resolve("com/example");
		FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
		Files.setLastModifiedTime(directory, longAgo);
		assertThat(this.reloader.tick()).isEmpty();
		Path file = write("com/example/Existing.class", "changed in place", 0);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(file, ChangeType.MODIFIED));
	}

	@Test
	void fileReplacedByDirectoryIsReportedWithTheDirectorysFiles() throws IOException {
		Path existing = this.root.resolve("com/example/Existing.class");
		Files.delete(existing);
		Path inner = write("com/example/Existing.class/Inner.class", "two", 1);
		assertThat(this.reloader.tick()).containsExactlyInAnyOrder(new FileChange(existing, ChangeType.DELETED),
				new FileChange(inner, ChangeType.ADDED));
		Path more = write("com/example/Existing.class/More.class", "three", 2);
		assertThat(this.reloader.tick()).containsExactly(new FileChange(more, ChangeType.ADDED));
	}

	@Test
	void directoryReplacedByFileIsReportedWithTheDirectorysFiles() throws IOException {
		Path existing = this.root.resolve("com/example/Existing.class");
		Path directory = existing.getParent();
		Files.delete(existing);
		Files.delete(directory);
		Path file = write("com/example", "now a file", 1);
		assertThat(this.reloader.tick()).containsExactlyInAnyOrder(new FileChange(existing, ChangeType.DELETED),
				new FileChange(file, ChangeType.ADDED));
		assertThat(this.reloader.tick()).isEmpty();
		assertThat(this.reloader.describe()).isEqualTo("1 files in 2 directories");
	}

	@Test
	void describeCountsFilesAndDirectories() {
		assertThat(this.reloader.describe()).isEqualTo("1 files in 3 directories");
	}

	@Test
	void pollWaitsAtMostTheTimeoutThenScans() throws Exception {
		Path file = write("com/example/Added.class", "two", 1);
		assertThat(this.reloader.poll(Duration.ZERO)).containsExactly(new FileChange(file, ChangeType.ADDED));
	}

	@Test
	void pollIntervalMustBePositive() {
		WatchSet watchSet = WatchSet.builder().directory(this.root).build();
		assertThatIllegalArgumentException().isThrownBy(() -> new StatReloader(watchSet, Duration.ofSeconds(-5)))
			.withMessage("'pollInterval' must be positive, was PT-5S");
		assertThatIllegalArgumentException().isThrownBy(() -> new StatReloader(watchSet, Duration.ZERO))
			.withMessageContaining("'pollInterval' must be positive");
	}

	private Path write(String relative, String content, int secondsAfterBase) throws IOException {
		Path file = this.root.resolve(relative);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		Files.setLastModifiedTime(file, FileTime.from(BASE.plusSeconds(secondsAfterBase)));
		return file;
	}

}
