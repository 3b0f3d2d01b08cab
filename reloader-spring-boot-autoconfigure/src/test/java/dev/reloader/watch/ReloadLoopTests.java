package dev.reloader.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReloadLoop}, on real files and simulated time.
 */
class ReloadLoopTests {

	private static final Duration TICK = Duration.ofMillis(50);

	@TempDir
	Path classes;

	private final List<ChangeBatch> batches = new ArrayList<>();

	private final List<Duration> handedOverAt = new ArrayList<>();

	@Test
	void buildWritingThreeHundredFilesOverOneAndAHalfSecondsGivesOneBatch() throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		for (int i = 0; i < 300; i++) {
			Path file = this.classes.resolve("com/example/Class" + i + ".class");
			reloader.at(Duration.ofMillis(i * 5L), () -> write(file, "class file", 1_000));
		}
		run(reloader, new QuietPeriod(Duration.ofMillis(400)));
		assertThat(this.batches).hasSize(1);
		assertThat(this.batches.get(0).getAdded()).hasSize(300);
	}

	@Test
	void deletionsFollowedByTheRewriteTwoSecondsLaterGiveOneBatch() throws IOException {
		List<Path> files = existingClassFiles("Foo", "Bar", "Baz");
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> deleteAll(files));
		reloader.at(Duration.ofMillis(2300), () -> files.forEach((file) -> write(file, "new bytes", 2_000)));
		run(reloader, new QuietPeriod(Duration.ofMillis(100), Duration.ofSeconds(5)));
		assertThat(this.batches).hasSize(1);
		assertThat(this.batches.get(0).getModified()).containsExactlyInAnyOrderElementsOf(files);
	}

	@Test
	void deletionsFollowedByTheRewriteAreTwoBatchesWithoutALongerDeletionQuietPeriod() throws IOException {
		List<Path> files = existingClassFiles("Foo", "Bar", "Baz");
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> deleteAll(files));
		reloader.at(Duration.ofMillis(2300), () -> files.forEach((file) -> write(file, "new bytes", 2_000)));
		run(reloader, new QuietPeriod(Duration.ofMillis(100)));
		assertThat(this.batches).hasSize(2);
		assertThat(this.batches.get(0).getDeleted()).hasSize(3);
	}

	@Test
	void deletionWithoutRewriteIsHandedOverAfterTheDeletionQuietPeriod() throws IOException {
		List<Path> files = existingClassFiles("Foo");
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> deleteAll(files));
		run(reloader, new QuietPeriod(Duration.ofMillis(100), Duration.ofSeconds(5)));
		assertThat(this.batches).singleElement().satisfies((batch) -> assertThat(batch.getDeleted()).isEqualTo(files));
		assertThat(this.handedOverAt.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofMillis(5100));
	}

	@Test
	void writeAfterADeletionEndsTheLongerWait() throws IOException {
		List<Path> files = existingClassFiles("Foo", "Bar");
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> deleteAll(files));
		reloader.at(Duration.ofMillis(500), () -> write(this.classes.resolve("New.class"), "new", 2_000));
		run(reloader, new QuietPeriod(Duration.ofMillis(100), Duration.ofSeconds(5)));
		assertThat(this.batches).singleElement().satisfies((batch) -> {
			assertThat(batch.getDeleted()).hasSize(2);
			assertThat(batch.getAdded()).hasSize(1);
		});
		assertThat(this.handedOverAt.get(0)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void batchIsHeldWhileAFileOfItIsStillGrowing() throws IOException {
		Path jar = this.classes.resolve("app.jar");
		write(jar, "x", 1_000);
		List<List<FileChange>> reports = new ArrayList<>();
		reports.add(List.of(new FileChange(jar, ChangeType.ADDED)));
		SteppedReloader reloader = new SteppedReloader(
				() -> reports.isEmpty() ? List.of() : reports.remove(0), TICK);
		for (int i = 1; i <= 10; i++) {
			reloader.at(Duration.ofMillis(i * 80L), () -> Files.writeString(jar, "more",
					StandardOpenOption.APPEND));
		}
		run(reloader, new QuietPeriod(Duration.ofMillis(100)));
		assertThat(this.batches).hasSize(1);
		assertThat(this.handedOverAt.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
	}

	@Test
	void batchIsHeldWhileTheHandlerIsNotReady() throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> write(this.classes.resolve("A.class"), "a", 1_000));
		reloader.at(Duration.ofMillis(600), () -> write(this.classes.resolve("B.class"), "b", 1_000));
		AtomicBoolean ready = new AtomicBoolean();
		reloader.at(Duration.ofSeconds(2), () -> ready.set(true));
		ReloadLoop loop = reloader.loop(new QuietPeriod(Duration.ofMillis(100)), new ReloadLoop.BatchHandler() {

			@Override
			public boolean handle(ChangeBatch batch) {
				record(reloader, batch);
				return true;
			}

			@Override
			public boolean isReady() {
				return ready.get();
			}

		});
		loop.run();
		assertThat(this.batches).singleElement().satisfies((batch) -> assertThat(batch.getAdded()).hasSize(2));
		assertThat(this.handedOverAt.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void changesAfterAHandledBatchStartANewBatch() throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> write(this.classes.resolve("A.class"), "a", 1_000));
		reloader.at(Duration.ofSeconds(1), () -> write(this.classes.resolve("A.class"), "a2", 2_000));
		run(reloader, new QuietPeriod(Duration.ofMillis(100)));
		assertThat(this.batches).hasSize(2);
		assertThat(this.batches.get(0).getAdded()).hasSize(1);
		assertThat(this.batches.get(1).getModified()).hasSize(1);
	}

	private SteppedReloader steppedStatReloader() throws IOException {
		StatReloader stat = new StatReloader(WatchSet.builder().directory(this.classes).build(), TICK);
		stat.start();
		return SteppedReloader.of(stat, TICK);
	}

	private void run(SteppedReloader reloader, QuietPeriod quietPeriod) {
		reloader.loop(quietPeriod, (batch) -> {
			record(reloader, batch);
			return true;
		}).run();
	}

	private void record(SteppedReloader reloader, ChangeBatch batch) {
		this.batches.add(batch);
		this.handedOverAt.add(reloader.elapsed());
	}

	private List<Path> existingClassFiles(String... names) throws IOException {
		List<Path> files = new ArrayList<>();
		for (String name : names) {
			Path file = this.classes.resolve("com/example/" + name + ".class");
			write(file, "old bytes", 1_000);
			files.add(file);
		}
		return files;
	}

	private static void deleteAll(List<Path> files) throws IOException {
		for (Path file : files) {
			Files.delete(file);
		}
	}

	static void write(Path file, String content, long modifiedSeconds) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
			Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedSeconds * 1000));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
