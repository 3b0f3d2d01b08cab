package dev.reloader.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.reloader.watch.WatchSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClassPathWatchSet}.
 */
class ClassPathWatchSetTests {

	@TempDir
	Path workingDirectory;

	private final ReloaderProperties properties = new ReloaderProperties();

	@Test
	void classPathDirectoriesExtraPathsAndTheTriggerFileAreWatched() throws Exception {
		Path classes = Files.createDirectories(this.workingDirectory.resolve("target/classes"));
		Files.createDirectories(this.workingDirectory.resolve("config"));
		this.properties.getWatch().setExtraPaths(List.of("config/*.yml", "missing/*.yml"));
		this.properties.setTriggerFile(Path.of(".reload"));
		WatchSet watchSet = ClassPathWatchSet.create(this.properties, List.of(classes), this.workingDirectory);
		assertThat(watchSet.getDirectories()).containsExactly(classes, this.workingDirectory.resolve("config"));
		assertThat(watchSet.getFiles()).containsExactly(this.workingDirectory.resolve(".reload"));
		assertThat(watchSet.contains(this.workingDirectory.resolve("config/application.yml"))).isTrue();
	}

	@Test
	void sourcesAreWatchedOnlyWithABuildCommand() {
		assertThat(ClassPathWatchSet.sources(this.properties, this.workingDirectory)).isNull();
		this.properties.getBuild().setCommand("mvn -q compile");
		WatchSet sources = ClassPathWatchSet.sources(this.properties, this.workingDirectory);
		assertThat(sources.contains(this.workingDirectory.resolve("src/main/java/com/example/Foo.java"))).isTrue();
		assertThat(sources.contains(this.workingDirectory.resolve("src/test/java/com/example/FooTests.java")))
			.isFalse();
	}

	@Test
	void sourcesKeepEditorFileExcludesButNotTheClassOutputLayoutOnes() {
		this.properties.getBuild().setCommand("mvn -q compile");
		WatchSet sources = ClassPathWatchSet.sources(this.properties, this.workingDirectory);
		assertThat(sources.isExcluded(this.workingDirectory.resolve("src/main/resources/static/app.css"))).isFalse();
		assertThat(sources.isExcluded(this.workingDirectory.resolve("src/main/java/com/example/.Foo.java.swp")))
			.isTrue();
	}

}
