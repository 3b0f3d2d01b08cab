package dev.reloader.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OutdatedClasses}.
 *
 * @author Reloader contributors
 */
class OutdatedClassesTests {

	private static final List<String> PATTERNS = new ReloaderProperties().getBuild().getWatch();

	@TempDir
	Path project;

	private Path classes;

	@BeforeEach
	void createClasses() throws IOException {
		this.classes = Files.createDirectories(this.project.resolve("target/classes"));
	}

	@Test
	void sourceOlderThanItsClassIsUpToDate() throws IOException {
		write("src/main/java/com/example/Foo.java", 10);
		write("target/classes/com/example/Foo.class", 20);
		assertThat(find()).isEmpty();
	}

	@Test
	void sourceNewerThanItsClassIsOutdated() throws IOException {
		Path source = write("src/main/java/com/example/Foo.java", 30);
		write("target/classes/com/example/Foo.class", 20);
		assertThat(find()).containsExactly(source);
	}

	@Test
	void javaSourceThatWasNeverCompiledIsOutdated() throws IOException {
		Path source = write("src/main/java/com/example/New.java", 30);
		write("src/main/java/com/example/package-info.java", 30);
		assertThat(find()).containsExactly(source);
	}

	@Test
	void kotlinSourceIsComparedWithItsFileFacadeToo() throws IOException {
		Path source = write("src/main/kotlin/com/example/Routes.kt", 30);
		write("target/classes/com/example/RoutesKt.class", 20);
		write("src/main/kotlin/com/example/Unknown.kt", 30);
		assertThat(find()).containsExactly(source);
	}

	@Test
	void resourceNewerThanItsCopyIsOutdatedAndOneNeverCopiedIsLeftAlone() throws IOException {
		Path resource = write("src/main/resources/application.yml", 30);
		write("target/classes/application.yml", 20);
		write("src/main/resources/not-copied.txt", 30);
		assertThat(find()).containsExactly(resource);
	}

	@Test
	void noSourceDirectoryIsNothingOutdated() {
		assertThat(OutdatedClasses.find(PATTERNS, this.project.resolve("elsewhere"), List.of(this.classes)))
			.isEmpty();
	}

	private List<Path> find() {
		return OutdatedClasses.find(PATTERNS, this.project, List.of(this.classes));
	}

	private Path write(String name, int seconds) throws IOException {
		Path file = this.project.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, name);
		Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + seconds * 1000L));
		return file;
	}

}
