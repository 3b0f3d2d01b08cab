package dev.reloader.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.reloader.autoconfigure.ReloaderProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WatchSet}, {@link PathPattern} and {@link Glob}.
 */
class WatchSetTests {

	@TempDir
	Path root;

	@Test
	void defaultExcludesKeepStaticResourcesBuildMetadataTestClassesAndEditorFilesFromRestarting() {
		WatchSet watchSet = WatchSet.builder()
			.directory(this.root)
			.excludes(new ReloaderProperties().getWatch().getExclude())
			.build();
		assertThat(List.of("static/app.css", "public/index.html", "resources/logo.png", "templates/home.html",
				"META-INF/maven/com.example/app/pom.xml", "META-INF/resources/webjars/x.js",
				"target/test-classes/com/example/FooTests.class", "build/classes/java/test/FooTests.class",
				"git.properties", "META-INF/build-info.properties", "com/example/.Foo.java.swp",
				"com/example/Foo.java~", "com/example/Foo.class___jb_tmp___", "com/example/.#Foo.java"))
			.allSatisfy((name) -> assertThat(watchSet.isExcluded(this.root.resolve(name))).as(name).isTrue());
		assertThat(List.of("com/example/Foo.class", "application.properties", "com/example/static/Helper.class",
				"META-INF/spring.factories"))
			.allSatisfy((name) -> assertThat(watchSet.isExcluded(this.root.resolve(name))).as(name).isFalse());
	}

	@Test
	void directoryWithIncludeGlobContainsOnlyMatchingFiles() {
		WatchSet watchSet = WatchSet.builder().directory(this.root, "**/*.properties").build();
		assertThat(watchSet.contains(this.root.resolve("app.properties"))).isTrue();
		assertThat(watchSet.contains(this.root.resolve("a/b/app.properties"))).isTrue();
		assertThat(watchSet.contains(this.root.resolve("a/b/app.yml"))).isFalse();
		assertThat(watchSet.getIncludes(this.root)).containsExactly("**/*.properties");
	}

	@Test
	void directoryAddedWithAndWithoutIncludeWatchesEverything() {
		WatchSet watchSet = WatchSet.builder().directory(this.root, "*.yml").directory(this.root).build();
		assertThat(watchSet.contains(this.root.resolve("a/b.txt"))).isTrue();
		assertThat(watchSet.getIncludes(this.root)).isEmpty();
	}

	@Test
	void statReloaderReportsOnlyIncludedFiles() throws Exception {
		StatReloader reloader = new StatReloader(WatchSet.builder().directory(this.root, "*.yml").build(),
				Duration.ofSeconds(1));
		reloader.start();
		ReloadLoopTests.write(this.root.resolve("application.yml"), "a: 1", 1);
		ReloadLoopTests.write(this.root.resolve("notes.txt"), "x", 1);
		ReloadLoopTests.write(this.root.resolve("nested/other.yml"), "x", 1);
		assertThat(reloader.tick()).containsExactly(new FileChange(this.root.resolve("application.yml"), ChangeType.ADDED));
	}

	@Test
	void patternSplitsIntoLiteralRootAndIncludeGlob() {
		assertThat(PathPattern.parse(this.root, "config/*.yml"))
			.isEqualTo(new PathPattern(this.root.resolve("config"), "*.yml"));
		assertThat(PathPattern.parse(this.root.resolve("app"), "../shared/**/*.properties"))
			.isEqualTo(new PathPattern(this.root.resolve("shared"), "**/*.properties"));
		assertThat(PathPattern.parse(this.root, "src/main/java/**"))
			.isEqualTo(new PathPattern(this.root.resolve("src/main/java"), "**"));
		assertThat(PathPattern.parse(this.root, "config/application.yml"))
			.isEqualTo(new PathPattern(this.root.resolve("config/application.yml"), null));
		assertThat(PathPattern.parse(this.root, "*.yml")).isEqualTo(new PathPattern(this.root, "*.yml"));
	}

	@Test
	void blankPatternIsRejectedNamingTheParameter() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse(this.root, " "))
			.withMessageContaining("'text'");
		assertThatIllegalArgumentException().isThrownBy(() -> WatchSet.builder().exclude(""))
			.withMessageContaining("'pattern'");
	}

	@Test
	void globStarStaysInOneSegmentAndDoubleStarCrossesThem() {
		assertThat(Glob.of("*.yml").matches("a.yml")).isTrue();
		assertThat(Glob.of("*.yml").matches("x/a.yml")).isFalse();
		assertThat(Glob.of("**/*.yml").matches("x/y/a.yml")).isTrue();
		assertThat(Glob.of("a/**/b").matches("a/b")).isTrue();
		assertThat(Glob.of("*.{yml,yaml}").matches("a.yaml")).isTrue();
		assertThat(Glob.of("[!.]*.txt").matches(".a.txt")).isFalse();
		assertThat(Glob.of("a+b(c).txt").matches("a+b(c).txt")).isTrue();
	}

}
