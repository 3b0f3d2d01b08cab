package dev.reloader.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClassPathDirectories}.
 */
class ClassPathDirectoriesTests {

	@TempDir
	Path root;

	@Test
	void directoriesOfAPathingJarClassPathAreWatchedWithoutTestClasses() throws IOException {
		Path classes = Files.createDirectories(this.root.resolve("app/target/classes"));
		Path module = Files.createDirectories(this.root.resolve("lib/target/classes"));
		Files.createDirectories(this.root.resolve("app/target/test-classes"));
		Path library = Files.writeString(this.root.resolve("library.jar"), "not a directory");
		Path pathingJar = this.root.resolve("classpath.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes()
			.put(Attributes.Name.CLASS_PATH,
					"app/target/classes/ app/target/test-classes/ library.jar " + module.toUri());
		try (OutputStream out = Files.newOutputStream(pathingJar); JarOutputStream jar = new JarOutputStream(out, manifest)) {
			jar.flush();
		}
		assertThat(ClassPathDirectories.of(List.of(pathingJar, library))).containsExactly(classes, module);
	}

}
