package dev.reloader.watch;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChangeBatch}.
 *
 * @author Reloader contributors
 */
class ChangeBatchTests {

	private static final Path ROOT = Path.of("/app/classes");

	private static final Path FOO = ROOT.resolve("com/example/Foo.class");

	private static final Path BAR = ROOT.resolve("com/example/Bar.class");

	@Test
	void deleteThenWriteIsOneModification() {
		ChangeBatch batch = ChangeBatch
			.of(List.of(new FileChange(FOO, ChangeType.DELETED), new FileChange(FOO, ChangeType.ADDED)));
		assertThat(batch.getChanges()).containsExactly(new FileChange(FOO, ChangeType.MODIFIED));
	}

	@Test
	void addThenModifyIsAnAddition() {
		ChangeBatch batch = ChangeBatch
			.of(List.of(new FileChange(FOO, ChangeType.ADDED), new FileChange(FOO, ChangeType.MODIFIED)));
		assertThat(batch.getAdded()).containsExactly(FOO);
	}

	@Test
	void addThenDeleteIsNoChange() {
		ChangeBatch batch = ChangeBatch
			.of(List.of(new FileChange(FOO, ChangeType.ADDED), new FileChange(FOO, ChangeType.DELETED)));
		assertThat(batch.isEmpty()).isTrue();
	}

	@Test
	void modifyThenDeleteIsADeletion() {
		ChangeBatch batch = ChangeBatch
			.of(List.of(new FileChange(FOO, ChangeType.MODIFIED), new FileChange(FOO, ChangeType.DELETED)));
		assertThat(batch.getDeleted()).containsExactly(FOO);
	}

	@Test
	void describeCountsEachKindAndNamesAFewFiles() {
		ChangeBatch batch = ChangeBatch.of(List.of(new FileChange(FOO, ChangeType.ADDED),
				new FileChange(BAR, ChangeType.MODIFIED), new FileChange(ROOT.resolve("a.properties"), ChangeType.DELETED),
				new FileChange(ROOT.resolve("b.properties"), ChangeType.DELETED)));
		WatchSet watchSet = WatchSet.builder().directory(ROOT).build();
		assertThat(batch.describe(watchSet::displayName))
			.isEqualTo("4 changes (1 added, 1 modified, 2 deleted): com/example/Foo.class, com/example/Bar.class, "
					+ "a.properties, ...");
	}

	@Test
	void describeSingleChange() {
		ChangeBatch batch = ChangeBatch.of(List.of(new FileChange(FOO, ChangeType.MODIFIED)));
		assertThat(batch.describe(Path::toString)).isEqualTo("1 change (1 modified): " + FOO);
	}

	@Test
	void builderKnowsWhenOnlyDeletionsArePending() {
		ChangeBatch.Builder builder = new ChangeBatch.Builder();
		builder.add(new FileChange(FOO, ChangeType.DELETED));
		assertThat(builder.isDeletionsOnly()).isTrue();
		builder.add(new FileChange(FOO, ChangeType.ADDED));
		assertThat(builder.isDeletionsOnly()).isFalse();
		assertThat(builder.build().getModified()).containsExactly(FOO);
	}

	@Test
	void resourcesCopiedBeforeClassFilesAreDeletedStillLookLikeABuildInProgress() {
		ChangeBatch.Builder builder = new ChangeBatch.Builder();
		builder.add(new FileChange(ROOT.resolve("application.yml"), ChangeType.MODIFIED));
		builder.add(new FileChange(FOO, ChangeType.DELETED));
		assertThat(builder.isDeletionsOnly()).isTrue();
		builder.add(new FileChange(BAR, ChangeType.ADDED));
		assertThat(builder.isDeletionsOnly()).isFalse();
	}

	@Test
	void aClassRemovedForGoodBesideARewrittenOneIsNotABuildInProgress() {
		ChangeBatch.Builder builder = new ChangeBatch.Builder();
		builder.add(new FileChange(FOO, ChangeType.MODIFIED));
		builder.add(new FileChange(ROOT.resolve("com/example/Foo$1.class"), ChangeType.DELETED));
		assertThat(builder.isDeletionsOnly()).isFalse();
	}

	@Test
	void onlyResourceDeletionsAreDeletionsOnly() {
		ChangeBatch.Builder builder = new ChangeBatch.Builder();
		builder.add(new FileChange(ROOT.resolve("a.properties"), ChangeType.DELETED));
		assertThat(builder.isDeletionsOnly()).isTrue();
		builder.add(new FileChange(ROOT.resolve("b.properties"), ChangeType.MODIFIED));
		assertThat(builder.isDeletionsOnly()).isFalse();
	}

	@Test
	void classFilesWrittenOnlyRemembersADeletionEvenOnceTheFileIsWrittenAgain() {
		ChangeBatch.Builder builder = new ChangeBatch.Builder();
		assertThat(builder.isClassFilesWrittenOnly()).isFalse();
		builder.add(new FileChange(FOO, ChangeType.MODIFIED)).add(new FileChange(BAR, ChangeType.ADDED));
		assertThat(builder.isClassFilesWrittenOnly()).isTrue();
		builder.add(new FileChange(FOO, ChangeType.DELETED)).add(new FileChange(FOO, ChangeType.ADDED));
		assertThat(builder.build().getModified()).containsExactly(FOO);
		assertThat(builder.isClassFilesWrittenOnly()).isFalse();
	}

	@Test
	void otherFilesWrittenAreNotClassFilesWrittenOnly() {
		ChangeBatch.Builder builder = new ChangeBatch.Builder();
		builder.add(new FileChange(FOO, ChangeType.MODIFIED));
		builder.add(new FileChange(ROOT.resolve("application.yml"), ChangeType.MODIFIED));
		assertThat(builder.isClassFilesWrittenOnly()).isFalse();
	}

}
