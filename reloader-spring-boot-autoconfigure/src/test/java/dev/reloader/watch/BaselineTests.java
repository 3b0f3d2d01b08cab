package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link Baseline} and for the hand-over between a {@link StatReloader} or a
 * {@link NativeReloader} and the one that carries on from it.
 *
 * @author Reloader contributors
 */
class BaselineTests {

	private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

	@TempDir
	Path root;

	@TempDir
	Path handover;

	@Test
	void fileStatesSurviveAWriteAndARead() throws IOException {
		write("com/example/One.class", "one", 0);
		write("com/example/sub/Two.class", "two", 0);
		StatReloader first = statReloader();
		first.start();
		Path file = this.handover.resolve("baseline");
		first.baseline().write(file);
		Baseline read = Baseline.read(file);
		assertThat(read.hasFileStates()).isTrue();
		assertThat(read.getFileCount()).isEqualTo(2);
		StatReloader second = statReloader();
		second.start();
		assertThat(second.changesSince(read)).isEmpty();
	}

	@Test
	void changesBetweenTwoStatReloadersAreReported() throws IOException {
		Path modified = write("com/example/Modified.class", "one", 0);
		Path deleted = write("com/example/Deleted.class", "one", 0);
		write("com/example/Same.class", "one", 0);
		StatReloader first = statReloader();
		first.start();
		Baseline baseline = roundTrip(first.baseline());
		Files.setLastModifiedTime(modified, FileTime.from(BASE.plusSeconds(1)));
		Files.delete(deleted);
		Path added = write("com/example/Added.class", "two", 0);
		StatReloader second = statReloader();
		second.start();
		assertThat(second.changesSince(baseline)).containsExactlyInAnyOrder(
				new FileChange(modified, ChangeType.MODIFIED), new FileChange(deleted, ChangeType.DELETED),
				new FileChange(added, ChangeType.ADDED));
	}

	@Test
	void fileReplacedByAnotherOfTheSameSizeAndTimeIsModified() throws IOException {
		Path file = write("com/example/Replaced.class", "one", 0);
		StatReloader first = statReloader();
		first.start();
		Baseline baseline = roundTrip(first.baseline());
		Path other = write("Other.tmp", "two", 0);
		Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		StatReloader second = statReloader();
		second.start();
		assertThat(second.changesSince(baseline)).containsExactly(new FileChange(file, ChangeType.MODIFIED));
	}

	@Test
	void filesNoLongerWatchedAreNotReportedDeleted() throws IOException {
		write("com/example/One.class", "one", 0);
		Path other = write("other/Gone.class", "one", 0);
		StatReloader first = new StatReloader(WatchSet.builder().directory(this.root).build(), Duration.ofSeconds(1));
		first.start();
		Baseline baseline = roundTrip(first.baseline());
		StatReloader second = new StatReloader(WatchSet.builder().directory(this.root.resolve("com")).build(),
				Duration.ofSeconds(1));
		second.start();
		assertThat(other).exists();
		assertThat(second.changesSince(baseline)).isEmpty();
	}

	@Test
	void filesBelowPathsThatWereNotWatchedAreNotReportedAdded() throws IOException {
		write("com/example/One.class", "one", 0);
		StatReloader first = new StatReloader(WatchSet.builder().directory(this.root.resolve("com")).build(),
				Duration.ofSeconds(1));
		first.start();
		Baseline baseline = roundTrip(first.baseline());
		Path added = write("com/example/Added.class", "two", 0);
		write("extra/Registered.txt", "registered by a listener", 0);
		StatReloader second = statReloader();
		second.start();
		assertThat(second.changesSince(baseline)).containsExactly(new FileChange(added, ChangeType.ADDED));
	}

	@Test
	void nativeReloaderCarriesOnFromAStatReloadersBaseline() throws Exception {
		Path modified = write("com/example/Modified.class", "one", 0);
		StatReloader first = statReloader();
		first.start();
		Baseline baseline = roundTrip(first.baseline());
		Files.setLastModifiedTime(modified, FileTime.from(BASE.plusSeconds(1)));
		try (NativeReloader second = new NativeReloader(WatchSet.builder().directory(this.root).build(),
				Duration.ofSeconds(1))) {
			second.start();
			assertThat(second.changesSince(baseline))
				.containsExactly(new FileChange(modified, ChangeType.MODIFIED));
			Baseline next = roundTrip(second.baseline());
			try (NativeReloader third = new NativeReloader(WatchSet.builder().directory(this.root).build(),
					Duration.ofSeconds(1))) {
				third.start();
				assertThat(third.changesSince(next)).isEmpty();
			}
		}
	}

	@Test
	void baselineWithoutFileStatesReportsFilesModifiedSinceItWasSeen() throws IOException {
		Path old = write("com/example/Old.class", "one", 0);
		Path recent = write("com/example/Recent.class", "one", 0);
		Files.setLastModifiedTime(recent, FileTime.from(BASE.plusSeconds(60)));
		StatReloader reloader = statReloader();
		reloader.start();
		assertThat(old).exists();
		assertThat(reloader.changesSince(Baseline.seenAt(BASE.plusSeconds(30))))
			.containsExactly(new FileChange(recent, ChangeType.MODIFIED));
	}

	@Test
	void clocksSurviveAWriteAndARead() throws IOException {
		Path file = this.handover.resolve("baseline");
		Baseline.ofClocks(BASE, Map.of(this.root, "c:123:4")).write(file);
		Baseline read = Baseline.read(file);
		assertThat(read.getClocks()).containsExactly(Map.entry(this.root, "c:123:4"));
		assertThat(read.hasFileStates()).isFalse();
		assertThat(read.getSeen()).isEqualTo(BASE);
	}

	@Test
	void missingFileIsNoBaseline() throws IOException {
		assertThat(Baseline.read(this.handover.resolve("none"))).isNull();
	}

	@Test
	void fileThatIsNotABaselineIsRefusedWithTheReason() throws IOException {
		Path file = Files.writeString(this.handover.resolve("baseline"), "not a baseline at all");
		assertThatIOException().isThrownBy(() -> Baseline.read(file))
			.withMessage(file + " is not a baseline of watched files");
	}

	@Test
	void baselineCutShortIsRefusedWithTheReason() throws IOException {
		write("com/example/One.class", "one", 0);
		StatReloader reloader = statReloader();
		reloader.start();
		Path file = this.handover.resolve("baseline");
		reloader.baseline().write(file);
		byte[] bytes = Files.readAllBytes(file);
		Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 6));
		assertThatIOException().isThrownBy(() -> Baseline.read(file)).withMessage(file + " is cut short");
	}

	@Test
	void baselineOfAnotherVersionIsRefusedWithTheReason() throws IOException {
		Path file = this.handover.resolve("baseline");
		Baseline.seenAt(BASE).write(file);
		byte[] bytes = Files.readAllBytes(file);
		bytes[7] = 9;
		Files.write(file, bytes);
		assertThatIOException().isThrownBy(() -> Baseline.read(file))
			.withMessage(file + " is a baseline of version 9, not 1");
	}

	@Test
	void writeReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
		Path file = this.handover.resolve("baseline");
		Baseline.seenAt(BASE).write(file);
		Baseline.seenAt(BASE.plusSeconds(1)).write(file);
		assertThat(Baseline.read(file).getSeen()).isEqualTo(BASE.plusSeconds(1));
		try (var files = Files.list(this.handover)) {
			assertThat(files).containsExactly(file);
		}
	}

	private Baseline roundTrip(Baseline baseline) throws IOException {
		Path file = this.handover.resolve("baseline");
		baseline.write(file);
		return Baseline.read(file);
	}

	private StatReloader statReloader() {
		return new StatReloader(WatchSet.builder().directory(this.root).build(), Duration.ofSeconds(1));
	}

	private Path write(String name, String content, int seconds) throws IOException {
		Path file = this.root.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		Files.setLastModifiedTime(file, FileTime.from(BASE.plusSeconds(seconds)));
		return file;
	}

}
