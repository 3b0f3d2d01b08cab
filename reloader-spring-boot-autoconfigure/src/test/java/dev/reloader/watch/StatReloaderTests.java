package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StatReloader}, stepped tick by tick.
 *
 * @author Reloader contributors
 */
class StatReloaderTests {

	@TempDir
	Path temp;

	private Path root;

	@BeforeEach
	void createRoot() throws IOException {
		this.root = Files.createDirectories(this.temp.resolve("classes"));
	}

	@Test
	void unchangedTreeHasNoChanges() throws IOException {
		write(this.root.resolve("com/Foo.class"), 1_000);
		StatReloader reloader = start(WatchSet.builder().directory(this.root).build());
		assertThat(reloader.tick()).isEmpty();
		assertThat(reloader.describe()).isEqualTo("1 files in 2 directories");
	}

	@Test
	void addedModifiedAndDeletedFilesAreReported() throws IOException {
		Path modified = write(this.root.resolve("com/Modified.class"), 1_000);
		Path deleted = write(this.root.resolve("com/Deleted.class"), 1_000);
		StatReloader reloader = start(WatchSet.builder().directory(this.root).build());
		Path added = write(this.root.resolve("com/example/Added.class"), 1_000);
		write(modified, 2_000);
		Files.delete(deleted);
		ChangeBatch batch = ChangeBatch.of(reloader.tick());
		assertThat(batch.getAdded()).containsExactly(added);
		assertThat(batch.getModified()).containsExactly(modified);
		assertThat(batch.getDeleted()).containsExactly(deleted);
		assertThat(reloader.tick()).isEmpty();
	}

	@Test
	void deletedDirectoryReportsItsFilesDeleted() throws IOException {
		Path one = write(this.root.resolve("com/One.class"), 1_000);
		Path two = write(this.root.resolve("com/sub/Two.class"), 1_000);
		StatReloader reloader = start(WatchSet.builder().directory(this.root).build());
		FileSystemUtils.deleteRecursively(this.root.resolve("com"));
		assertThat(ChangeBatch.of(reloader.tick()).getDeleted()).containsExactlyInAnyOrder(one, two);
		assertThat(reloader.describe()).isEqualTo("0 files in 1 directories");
	}

	@Test
	void rootDeletedAndCreatedAgainIsComparedAgain() throws IOException {
		Path file = write(this.root.resolve("Foo.class"), 1_000);
		StatReloader reloader = start(WatchSet.builder().directory(this.root).build());
		FileSystemUtils.deleteRecursively(this.root);
		assertThat(ChangeBatch.of(reloader.tick()).getDeleted()).containsExactly(file);
		write(file, 1_000);
		assertThat(ChangeBatch.of(reloader.tick()).getAdded()).containsExactly(file);
	}

	@Test
	void singleFileIsComparedOnItsOwn() throws IOException {
		Path watched = write(this.temp.resolve("config/application.properties"), 1_000);
		StatReloader reloader = start(WatchSet.builder().file(watched).build());
		write(this.temp.resolve("config/other.properties"), 1_000);
		write(watched, 2_000);
		assertThat(reloader.tick()).containsExactly(new FileChange(watched, ChangeType.MODIFIED));
		Files.delete(watched);
		assertThat(reloader.tick()).containsExactly(new FileChange(watched, ChangeType.DELETED));
	}

	private StatReloader start(WatchSet watchSet) throws IOException {
		StatReloader reloader = new StatReloader(watchSet, Duration.ofSeconds(1));
		reloader.start();
		return reloader;
	}

	private static Path write(Path file, long modifiedMillis) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, "content " + modifiedMillis);
		Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
		return file;
	}

}
