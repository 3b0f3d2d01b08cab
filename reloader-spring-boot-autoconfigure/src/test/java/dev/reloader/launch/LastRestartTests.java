package dev.reloader.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LastRestart}.
 *
 * @author Reloader contributors
 */
class LastRestartTests {

	@TempDir
	Path temp;

	@Test
	void firstChildHasNoRestartBehindIt() {
		LastRestart restart = LastRestart.read("0", "42", this.temp);
		assertThat(restart.getCount()).isZero();
		assertThat(restart.getCause()).isNull();
		assertThat(restart.getBegan()).isNull();
	}

	@Test
	void noteForThisChildGivesCauseAndTimeAndIsDeleted() {
		Instant began = Instant.ofEpochMilli(1_700_000_000_123L);
		Path note = LastRestart.noteFile(this.temp, "42");
		LastRestart.write(note, 3, "1 change (1 modified): com/example/Foo.class", began);
		LastRestart restart = LastRestart.read("3", "42", this.temp);
		assertThat(restart.getCount()).isEqualTo(3);
		assertThat(restart.getCause()).isEqualTo("1 change (1 modified): com/example/Foo.class");
		assertThat(restart.getBegan()).isEqualTo(began);
		assertThat(note).doesNotExist();
		assertThat(this.temp).isEmptyDirectory();
	}

	@Test
	void noteForAnEarlierChildIsIgnored() {
		LastRestart.write(LastRestart.noteFile(this.temp, "42"), 2, "restart requested from the terminal",
				Instant.now());
		LastRestart restart = LastRestart.read("3", "42", this.temp);
		assertThat(restart.getCount()).isEqualTo(3);
		assertThat(restart.getCause()).isNull();
	}

	@Test
	void noteReplacesALinkInsteadOfWritingThroughIt() throws Exception {
		Path target = Files.writeString(this.temp.resolve("precious.txt"), "keep");
		Path note = LastRestart.noteFile(this.temp, "42");
		Files.createSymbolicLink(note, target);
		LastRestart.write(note, 1, "restart requested from the terminal", Instant.now());
		assertThat(target).hasContent("keep");
		assertThat(Files.isSymbolicLink(note)).isFalse();
	}

	@Test
	void unreadableCountIsZero() {
		assertThat(LastRestart.read("three", "42", this.temp).getCount()).isZero();
		assertThat(LastRestart.read(null, null, this.temp).getCount()).isZero();
	}

}
