package dev.reloader.watch;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChangeBatch}.
 */
class ChangeBatchTests {

	private final Path root = Path.of("classes").toAbsolutePath();

	@Test
	void describeCountsEachKindAndNamesAtMostThreeFiles() {
		ChangeBatch batch = ChangeBatch.of(List.of(change("com/example/Foo.class", ChangeType.ADDED),
				change("com/example/Bar.class", ChangeType.MODIFIED), change("com/example/Baz.class", ChangeType.DELETED),
				change("com/example/Qux.class", ChangeType.MODIFIED)));
		assertThat(batch.describe((path) -> this.root.relativize(path).toString().replace('\\', '/')))
			.isEqualTo("4 changes (1 added, 2 modified, 1 deleted): com/example/Foo.class, com/example/Bar.class, "
					+ "com/example/Baz.class, ...");
	}

	@Test
	void deletedAndWrittenAgainIsOneModification() {
		ChangeBatch.Builder builder = new ChangeBatch.Builder().add(change("Foo.class", ChangeType.DELETED));
		assertThat(builder.isDeletionsOnly()).isTrue();
		builder.add(change("Foo.class", ChangeType.ADDED));
		assertThat(builder.isDeletionsOnly()).isFalse();
		assertThat(builder.build().getModified()).containsExactly(this.root.resolve("Foo.class"));
	}

	private FileChange change(String name, ChangeType type) {
		return new FileChange(this.root.resolve(name), type);
	}

}
