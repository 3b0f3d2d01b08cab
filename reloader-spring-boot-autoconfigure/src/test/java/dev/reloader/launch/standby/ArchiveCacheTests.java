package dev.reloader.launch.standby;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.reloader.launch.ChildCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ArchiveCache}, on real directories with explicit modification times.
 *
 * @author Reloader contributors
 */
class ArchiveCacheTests {

	private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

	@TempDir
	Path cache;

	@Test
	void keepsTheMostRecentlyUsedArchivesOfEachApplication() throws IOException {
		Path[] first = new Path[5];
		for (int i = 0; i < first.length; i++) {
			first[i] = archive("first-" + i, Duration.ofDays(i + 1), "app1");
		}
		Path otherOld = archive("other-old", Duration.ofDays(20), "app2");
		Path otherNew = archive("other-new", Duration.ofDays(10), "app2");
		List<Path> removed = new ArchiveCache(this.cache, 3).prune(NOW);
		assertThat(removed).containsExactlyInAnyOrder(first[3], first[4]);
		assertThat(first[0]).isDirectory();
		assertThat(first[2]).isDirectory();
		assertThat(first[3]).doesNotExist();
		assertThat(first[4]).doesNotExist();
		assertThat(otherOld).isDirectory();
		assertThat(otherNew).isDirectory();
	}

	@Test
	void theNumberKeptCanBeChanged() throws IOException {
		Path newer = archive("newer", Duration.ofDays(1), "app");
		Path older = archive("older", Duration.ofDays(2), "app");
		assertThat(new ArchiveCache(this.cache, 2).prune(NOW)).isEmpty();
		assertThat(new ArchiveCache(this.cache, 1).prune(NOW)).containsExactly(older);
		assertThat(newer).isDirectory();
	}

	@Test
	void archiveUnusedForThirtyDaysIsRemovedEvenIfItIsTheOnlyOne() throws IOException {
		Path stale = archive("stale", Duration.ofDays(31), "app1");
		Path recent = archive("recent", Duration.ofDays(29), "app2");
		assertThat(new ArchiveCache(this.cache, 3).prune(NOW)).containsExactly(stale);
		assertThat(recent).isDirectory();
	}

	@Test
	void archiveKeptByOneOfItsApplicationsStays() throws IOException {
		Path shared = archive("shared", Duration.ofDays(4), "app1", "app2");
		archive("a", Duration.ofDays(1), "app1");
		Path oldest = archive("b", Duration.ofDays(5), "app2");
		assertThat(new ArchiveCache(this.cache, 1).prune(NOW)).containsExactly(oldest);
		assertThat(shared).isDirectory();
	}

	@Test
	void archiveTouchedInTheLastMinutesIsNeverRemoved() throws IOException {
		Path building = archive("building", Duration.ofDays(40), "app");
		Files.writeString(building.resolve("dependencies.jsa.tmp"), "being written");
		Files.setLastModifiedTime(building.resolve("dependencies.jsa.tmp"), time(Duration.ofMinutes(1)));
		Path justUsed = archive("just-used", Duration.ofDays(40), "app");
		Files.setLastModifiedTime(justUsed.resolve("used-by-app"), time(Duration.ofMinutes(2)));
		Path unmarked = Files.createDirectories(this.cache.resolve("unmarked"));
		Files.setLastModifiedTime(unmarked, time(Duration.ofMinutes(3)));
		Path older = archive("older", Duration.ofMinutes(15), "app");
		assertThat(new ArchiveCache(this.cache, 1).prune(NOW)).containsExactly(older);
		assertThat(building).isDirectory();
		assertThat(justUsed).isDirectory();
		assertThat(unmarked).isDirectory();
	}

	@Test
	void archivesOfAnEarlierVersionWithoutMarkersAreKeptByTheirFileTimes() throws IOException {
		Path newest = archive("newest", Duration.ofDays(1));
		Path middle = archive("middle", Duration.ofDays(2));
		Path oldest = archive("oldest", Duration.ofDays(3));
		assertThat(new ArchiveCache(this.cache, 2).prune(NOW)).containsExactly(oldest);
		assertThat(newest).isDirectory();
		assertThat(middle).isDirectory();
	}

	@Test
	void markingAnArchiveUsedCreatesThenTouchesItsMarker() throws IOException {
		ArchiveCache cache = new ArchiveCache(this.cache, 3);
		Path directory = archive("key", Duration.ofDays(5));
		cache.markUsed(directory, "app");
		Path marker = directory.resolve("used-by-app");
		assertThat(marker).isRegularFile();
		Files.setLastModifiedTime(marker, time(Duration.ofDays(5)));
		cache.markUsed(directory, "app");
		assertThat(Files.getLastModifiedTime(marker).toInstant()).isAfter(Instant.now().minusSeconds(60));
	}

	@Test
	void applicationIsItsMainClassAndClassDirectoriesNotItsJars() {
		ChildCommand command = command("demo.Main", "/projects/app/target/classes", "/m2/a-1.0.jar");
		assertThat(ArchiveCache.applicationOf(command))
			.isEqualTo(ArchiveCache.applicationOf(command("demo.Main", "/projects/app/target/classes", "/m2/a-2.0.jar")))
			.isNotEqualTo(ArchiveCache.applicationOf(command("demo.Other", "/projects/app/target/classes", "/m2/a-1.0.jar")))
			.isNotEqualTo(ArchiveCache.applicationOf(command("demo.Main", "/projects/other/target/classes", "/m2/a-1.0.jar")))
			.matches("[0-9a-f]{16}");
	}

	@Test
	void keepingNoArchiveIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ArchiveCache(this.cache, 0))
			.withMessage("'archivesKept' must be at least 1, was 0");
	}

	private Path archive(String name, Duration age, String... applications) throws IOException {
		Path directory = Files.createDirectories(this.cache.resolve(name));
		Files.writeString(directory.resolve("classes.lst"), "java/lang/Object\n");
		Files.writeString(directory.resolve("dependencies.jsa"), "archive");
		for (String application : applications) {
			Files.createFile(directory.resolve("used-by-" + application));
		}
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.setLastModifiedTime(file, time(age));
			}
		}
		Files.setLastModifiedTime(directory, time(age));
		return directory;
	}

	private static FileTime time(Duration age) {
		return FileTime.from(NOW.minus(age));
	}

	private static ChildCommand command(String mainClass, String... classPath) {
		return ChildCommand.of("java", List.of(), Map.of("java.class.path",
				String.join(File.pathSeparator, classPath), "sun.java.command", mainClass)::get, List.of(), null);
	}

}
