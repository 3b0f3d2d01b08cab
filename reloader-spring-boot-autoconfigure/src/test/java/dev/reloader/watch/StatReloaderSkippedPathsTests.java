package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what {@link StatReloader} skips: symbolic link loops and unreadable
 * directories, each with one warning, however often it walks.
 *
 * @author Reloader contributors
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledOnOs({ OS.LINUX, OS.MAC })
class StatReloaderSkippedPathsTests {

	@TempDir
	Path root;

	@Test
	void symbolicLinkLoopIsSkippedWithOneWarning(CapturedOutput output) throws IOException {
		Path directory = Files.createDirectories(this.root.resolve("com/example"));
		Files.createSymbolicLink(directory.resolve("loop"), this.root);
		StatReloader reloader = start();
		Path added = Files.writeString(directory.resolve("Added.class"), "x");
		assertThat(reloader.tick()).containsExactly(new FileChange(added, ChangeType.ADDED));
		assertThat(reloader.tick()).isEmpty();
		assertThat(count(output.getOut(), "loops back to a parent directory")).isOne();
	}

	@Test
	void symbolicLinkLoopCreatedWhileWatchingIsSkippedWithOneWarning(CapturedOutput output) throws IOException {
		Path directory = Files.createDirectories(this.root.resolve("com/example"));
		StatReloader reloader = start();
		Files.createSymbolicLink(directory.resolve("loop"), this.root);
		Path added = Files.writeString(directory.resolve("Added.class"), "x");
		assertThat(reloader.tick()).containsExactly(new FileChange(added, ChangeType.ADDED));
		assertThat(reloader.tick()).isEmpty();
		assertThat(count(output.getOut(), "loops back to a parent directory")).isOne();
	}

	private StatReloader start() throws IOException {
		StatReloader reloader = new StatReloader(WatchSet.builder().directory(this.root).build(), Duration.ofSeconds(1));
		reloader.start();
		return reloader;
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int index = text.indexOf(part); index >= 0; index = text.indexOf(part, index + part.length())) {
			count++;
		}
		return count;
	}

}
