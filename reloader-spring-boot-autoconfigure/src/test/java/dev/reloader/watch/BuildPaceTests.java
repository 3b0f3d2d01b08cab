package dev.reloader.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the quiet period's pace in {@link ReloadLoop}: class files written by an IDE
 * are taken after the short period, a Maven build's batch once its compiler status says
 * it has finished, and never before the build is done. Real files, every modification
 * time set from the simulated clock, a {@link StatReloader} stepped every 10 ms.
 *
 * @author Reloader contributors
 */
class BuildPaceTests {

	private static final Duration TICK = Duration.ofMillis(10);

	private static final Duration QUIET = Duration.ofMillis(300);

	private static final Duration DELETION_QUIET = Duration.ofSeconds(10);

	private static final Duration SHORT_QUIET = Duration.ofMillis(50);

	/**
	 * When each class file was written, in milliseconds after the deletions, in a
	 * {@code mvn compile} of a 30-class application (benchmarks/quiet-period): javac
	 * starts 1.1 s after the compiler plugin deleted the old files and pauses up to 200
	 * ms between writes.
	 */
	private static final long[] MAVEN_WRITES = { 1100, 1160, 1300, 1310, 1320, 1330, 1340, 1530, 1540, 1545, 1550,
			1560, 1580, 1600, 1610, 1800, 1805, 1810, 1820, 1830, 1840, 2000, 2010, 2015, 2020, 2030, 2040, 2045, 2050,
			2055 };

	/**
	 * The compiler plugin writes its list of created files 8 ms after the last class file.
	 */
	private static final long MAVEN_STATUS = 2063;

	@TempDir
	Path target;

	private Path classes;

	private Path status;

	private final List<ChangeBatch> batches = new ArrayList<>();

	private final List<Duration> handedOverAt = new ArrayList<>();

	@BeforeEach
	void previousBuild() throws IOException {
		this.classes = Files.createDirectories(this.target.resolve("classes"));
		this.status = Files.createDirectories(
				this.target.resolve("maven-status/maven-compiler-plugin/compile/default-compile"));
		// The previous build, a day ago
		Duration dayAgo = Duration.ofDays(-1);
		write(this.status.resolve("inputFiles.lst"), dayAgo.minusSeconds(2));
		for (int i = 0; i < MAVEN_WRITES.length; i++) {
			write(classFile(i), dayAgo);
		}
		write(this.status.resolve("createdFiles.lst"), dayAgo);
	}

	/**
	 * Write createdFiles.lst, listing the first class files, as the compiler plugin does.
	 */
	private void writeStatus(Duration at, int classFiles) throws IOException {
		StringBuilder list = new StringBuilder();
		for (int i = 0; i < classFiles; i++) {
			list.append(this.classes.relativize(classFile(i))).append('\n');
		}
		Path created = this.status.resolve("createdFiles.lst");
		Files.writeString(created, list);
		Files.setLastModifiedTime(created, FileTime.from(SteppedReloader.START.plus(at)));
	}

	@Test
	void mavenCompileIsOneBatchTakenOnceTheCompilerStatusIsWritten() throws IOException {
		SteppedReloader reloader = mavenCompile(true);
		run(reloader);
		assertThat(this.batches).singleElement()
			.satisfies((batch) -> assertThat(batch.getModified()).hasSize(MAVEN_WRITES.length));
		assertThat(this.handedOverAt.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(MAVEN_STATUS))
			.isLessThan(Duration.ofMillis(MAVEN_WRITES[MAVEN_WRITES.length - 1]).plus(QUIET));
	}

	@Test
	void compileEndsOnlyOnceTheReloaderHasReportedEveryFileItCreated() throws IOException {
		// A reloader whose report of the last class file comes after the status file
		// (Watchman settles before it reports) must not end the wait without it
		SteppedReloader reloader = mavenCompile(false);
		Path late = classFile(MAVEN_WRITES.length);
		Duration status = Duration.ofMillis(MAVEN_STATUS);
		reloader.at(status, () -> writeStatus(status, MAVEN_WRITES.length + 1));
		reloader.at(status.plusMillis(150), () -> write(late, status.minusMillis(5)));
		run(reloader);
		assertThat(this.batches).singleElement()
			.satisfies((batch) -> assertThat(batch.getAdded()).containsExactly(late));
		assertThat(this.handedOverAt.get(0)).isBetween(status.plusMillis(150), status.plusMillis(300));
	}

	@Test
	void mavenCompileWithoutItsStatusWaitsTheWholeQuietPeriod() throws IOException {
		SteppedReloader reloader = mavenCompile(false);
		run(reloader);
		assertThat(this.batches).hasSize(1);
		assertThat(this.handedOverAt.get(0))
			.isGreaterThanOrEqualTo(Duration.ofMillis(MAVEN_WRITES[MAVEN_WRITES.length - 1]).plus(QUIET));
	}

	@Test
	void mavenCompileThatPausesLongerThanTheQuietPeriodIsStillOneBatch() throws IOException {
		// On a busy machine javac can pause longer than the quiet period between writes
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> write(this.status.resolve("inputFiles.lst"), Duration.ZERO));
		reloader.at(Duration.ofMillis(20), () -> Files.delete(classFile(0)));
		reloader.at(Duration.ofMillis(20), () -> Files.delete(classFile(1)));
		reloader.at(Duration.ofMillis(1000), () -> write(classFile(0), Duration.ofMillis(1000)));
		reloader.at(Duration.ofMillis(2500), () -> write(classFile(1), Duration.ofMillis(2500)));
		reloader.at(Duration.ofMillis(2510), () -> writeStatus(Duration.ofMillis(2510), 2));
		run(reloader);
		assertThat(this.batches).singleElement().satisfies((batch) -> assertThat(batch.getModified()).hasSize(2));
		assertThat(this.handedOverAt.get(0)).isBetween(Duration.ofMillis(2510), Duration.ofMillis(2600));
	}

	@Test
	void compileThatFailsIsTakenAfterTheDeletionQuietPeriod() throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> write(this.status.resolve("inputFiles.lst"), Duration.ZERO));
		reloader.at(Duration.ofMillis(20), () -> Files.delete(classFile(0)));
		reloader.at(Duration.ofMillis(1000), () -> write(classFile(1), Duration.ofMillis(1000)));
		run(reloader);
		assertThat(this.batches).hasSize(1);
		assertThat(this.handedOverAt.get(0)).isEqualTo(Duration.ofMillis(1000).plus(DELETION_QUIET));
	}

	@Test
	void compileThatFailedLongAgoDoesNotHoldAnIdeSave() throws IOException {
		write(this.status.resolve("inputFiles.lst"), Duration.ofMinutes(-5));
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ofMillis(1000), () -> write(classFile(0), Duration.ofMillis(1000)));
		run(reloader);
		assertThat(this.handedOverAt).singleElement().isEqualTo(Duration.ofMillis(1000).plus(SHORT_QUIET));
	}

	@Test
	void compileThatOnlyDeletesIsTakenOnceTheCompilerStatusIsWritten() throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> write(this.status.resolve("inputFiles.lst"), Duration.ZERO));
		reloader.at(Duration.ofMillis(5), () -> Files.delete(classFile(0)));
		reloader.at(Duration.ofMillis(900), () -> writeStatus(Duration.ofMillis(900), 0));
		run(reloader);
		assertThat(this.batches).singleElement().satisfies((batch) -> assertThat(batch.getDeleted()).hasSize(1));
		assertThat(this.handedOverAt.get(0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000));
	}

	@Test
	void classFilesWrittenWithoutDeletionAreTakenAfterTheShortPeriod() throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		for (int i = 0; i < 3; i++) {
			Path file = classFile(i);
			reloader.at(Duration.ofMillis(1000 + i), () -> write(file, Duration.ofMillis(1000)));
		}
		run(reloader);
		assertThat(this.batches).singleElement().satisfies((batch) -> assertThat(batch.getModified()).hasSize(3));
		assertThat(this.handedOverAt.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(1050))
			.isLessThan(Duration.ofMillis(1000).plus(QUIET));
	}

	@Test
	void otherFilesWrittenWaitTheWholeQuietPeriod() throws IOException {
		// A build copies resources before it compiles: no shortcut for them
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ofMillis(1000), () -> write(this.classes.resolve("application.properties"),
				Duration.ofMillis(1000)));
		run(reloader);
		assertThat(this.handedOverAt).singleElement().isEqualTo(Duration.ofMillis(1000).plus(QUIET));
	}

	@Test
	void classFileRewrittenAfterItsDeletionWaitsTheWholeQuietPeriod() throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ofMillis(1000), () -> Files.delete(classFile(0)));
		reloader.at(Duration.ofMillis(1100), () -> write(classFile(0), Duration.ofMillis(1100)));
		run(reloader);
		assertThat(this.batches).singleElement().satisfies((batch) -> assertThat(batch.getModified()).hasSize(1));
		assertThat(this.handedOverAt.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(1100).plus(QUIET));
	}

	@Test
	void statusOfAnEarlierBuildDoesNotEndTheWait() throws IOException {
		// An IDE deletes and rewrites; the compiler status is that of an earlier Maven build
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ofMillis(1000), () -> Files.delete(classFile(0)));
		reloader.at(Duration.ofMillis(1500), () -> write(classFile(0), Duration.ofMillis(1500)));
		run(reloader);
		assertThat(this.handedOverAt).singleElement().isEqualTo(Duration.ofMillis(1500).plus(QUIET));
	}

	@Test
	void statusWrittenBeforeTheLastClassFileDoesNotEndTheWait() throws IOException {
		// Another plugin rewrites classes after the compile (bytecode enhancement)
		SteppedReloader reloader = mavenCompile(true);
		reloader.at(Duration.ofMillis(MAVEN_STATUS + 30),
				() -> write(classFile(0), Duration.ofMillis(MAVEN_STATUS + 30)));
		run(reloader);
		assertThat(this.batches).hasSize(1);
		assertThat(this.handedOverAt.get(0))
			.isGreaterThanOrEqualTo(Duration.ofMillis(MAVEN_STATUS + 30).plus(QUIET));
	}

	private SteppedReloader mavenCompile(boolean withStatus) throws IOException {
		SteppedReloader reloader = steppedStatReloader();
		reloader.at(Duration.ZERO, () -> write(this.status.resolve("inputFiles.lst"), Duration.ZERO));
		reloader.at(Duration.ofMillis(3), () -> {
			for (int i = 0; i < MAVEN_WRITES.length; i++) {
				Files.delete(classFile(i));
			}
		});
		for (int i = 0; i < MAVEN_WRITES.length; i++) {
			Path file = classFile(i);
			Duration at = Duration.ofMillis(MAVEN_WRITES[i]);
			reloader.at(at, () -> write(file, at));
		}
		if (withStatus) {
			Duration at = Duration.ofMillis(MAVEN_STATUS);
			reloader.at(at, () -> writeStatus(at, MAVEN_WRITES.length));
		}
		return reloader;
	}

	private SteppedReloader steppedStatReloader() throws IOException {
		StatReloader stat = new StatReloader(WatchSet.builder().directory(this.classes).build(), TICK);
		stat.start();
		return SteppedReloader.of(stat, TICK);
	}

	private void run(SteppedReloader reloader) {
		reloader.loop(new QuietPeriod(QUIET, DELETION_QUIET, SHORT_QUIET), (batch) -> {
			this.batches.add(batch);
			this.handedOverAt.add(reloader.elapsed());
			return true;
		}).withBuildStatus(new MavenCompilerStatus(List.of(this.classes))).run();
	}

	private Path classFile(int index) {
		return this.classes.resolve("library/Class" + index + ".class");
	}

	/**
	 * Write a file whose modification time is the simulated clock's at the given time.
	 */
	private static void write(Path file, Duration at) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, "written at " + at);
			Files.setLastModifiedTime(file, FileTime.from(SteppedReloader.START.plus(at)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
