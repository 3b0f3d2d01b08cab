package dev.reloader.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.reloader.launch.BaselineFile;
import dev.reloader.watch.Baseline;
import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.ChangeType;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.ReloaderType;
import dev.reloader.watch.StatReloader;
import dev.reloader.watch.WatchSet;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReloaderRunner} with a real {@link StatReloader} on short intervals,
 * real files, and a recording trigger instead of {@code System.exit}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReloaderRunnerTests {

	@TempDir
	Path temp;

	private Path workingDirectory;

	private Path classes;

	private final ReloaderProperties properties = new ReloaderProperties();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<Consumer<Object>> listeners = new ArrayList<>();

	private final List<ReloadVeto> vetoes = new ArrayList<>();

	private final List<List<FileChange>> reported = new CopyOnWriteArrayList<>();

	private final List<ChangeBatch> restarts = new CopyOnWriteArrayList<>();

	private ReloaderRunner runner;

	private long mtime = 1_000;

	@BeforeEach
	void createClassesAndShortIntervals() throws IOException {
		this.workingDirectory = Files.createDirectories(this.temp.resolve("app"));
		this.classes = Files.createDirectories(this.workingDirectory.resolve("target/classes"));
		write(this.classes.resolve("com/example/Foo.class"), "foo");
		write(this.classes.resolve("com/example/Bar.class"), "bar");
		this.properties.setPollInterval(Duration.ofMillis(20));
		this.properties.setQuietPeriod(Duration.ofMillis(60));
		this.properties.setDeletionQuietPeriod(Duration.ofMillis(200));
	}

	@AfterEach
	void stopRunner() throws IOException {
		if (this.runner != null) {
			this.runner.destroy();
		}
	}

	@Test
	void changedClassFileRestartsWithOneReloadingLine(CapturedOutput output) throws IOException {
		start();
		write(this.classes.resolve("com/example/Foo.class"), "foo 2");
		awaitRestart();
		assertThat(this.restarts.get(0).getModified()).containsExactly(this.classes.resolve("com/example/Foo.class"));
		assertThat(output.getAll().lines().filter((line) -> line.contains("Reloading")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("Reloading: 1 change (1 modified): com/example/Foo.class");
	}

	@Test
	void classFileDeletedAndWrittenAgainLaterRestartsOnceWithTheRewrite() throws IOException {
		this.properties.setDeletionQuietPeriod(Duration.ofSeconds(3));
		start();
		Path foo = this.classes.resolve("com/example/Foo.class");
		Files.delete(foo);
		await().until(() -> reportedChange(foo));
		write(foo, "recompiled");
		awaitRestart();
		assertThat(this.restarts.get(0).getChanges()).singleElement()
			.isEqualTo(new FileChange(foo, ChangeType.MODIFIED));
	}

	@Test
	void classFileDeletedForGoodRestartsAfterTheDeletionQuietPeriod() throws IOException {
		start();
		Path foo = this.classes.resolve("com/example/Foo.class");
		Files.delete(foo);
		awaitRestart();
		assertThat(this.restarts.get(0).getDeleted()).containsExactly(foo);
	}

	@Test
	void changeUnderStaticPublishesAnEventButDoesNotRestart() throws IOException {
		start();
		write(this.classes.resolve("static/app.css"), "body {}");
		write(this.classes.resolve("com/example/Foo.swp"), "swap");
		FilesChangedEvent event = awaitFilesChanged(1);
		assertThat(event.getChanges().getAdded()).hasSize(2);
		assertThat(event.isRestartPending()).isFalse();
		assertThat(this.restarts).isEmpty();
	}

	@Test
	void listenerVetoStopsTheRestartAndTheVetoedChangesAreNotReportedAgain() throws IOException {
		this.listeners.add((event) -> {
			if (event instanceof FilesChangedEvent changed && changed.getChanges().getModified().stream()
				.anyMatch((path) -> path.endsWith("Foo.class"))) {
				changed.veto();
			}
		});
		start();
		write(this.classes.resolve("com/example/Foo.class"), "foo 2");
		assertThat(awaitFilesChanged(1).isVetoed()).isTrue();
		write(this.classes.resolve("com/example/Bar.class"), "bar 2");
		awaitRestart();
		assertThat(this.restarts.get(0).getModified()).containsExactly(this.classes.resolve("com/example/Bar.class"));
	}

	@Test
	void reloadVetoBeanStopsTheRestart() throws IOException {
		this.vetoes.add((changes) -> changes.getModified().stream().anyMatch((path) -> path.endsWith("Foo.class")));
		start();
		write(this.classes.resolve("com/example/Foo.class"), "foo 2");
		awaitFilesChanged(1);
		write(this.classes.resolve("com/example/Bar.class"), "bar 2");
		awaitRestart();
		assertThat(this.restarts.get(0).getModified()).containsExactly(this.classes.resolve("com/example/Bar.class"));
	}

	@Test
	void withTriggerFileOnlyItsChangeRestartsAndTheRestartReportsEverythingSinceTheLastOne() throws IOException {
		this.properties.setTriggerFile(Path.of(".reload"));
		start();
		write(this.classes.resolve("com/example/Foo.class"), "foo 2");
		assertThat(awaitFilesChanged(1).isRestartPending()).isFalse();
		write(this.classes.resolve("com/example/Bar.class"), "bar 2");
		assertThat(awaitFilesChanged(2).isRestartPending()).isFalse();
		write(this.workingDirectory.resolve(".reload"), "");
		awaitRestart();
		assertThat(this.restarts.get(0).getModified()).containsExactly(this.classes.resolve("com/example/Foo.class"),
				this.classes.resolve("com/example/Bar.class"));
		assertThat(this.restarts.get(0).getAdded()).containsExactly(this.workingDirectory.resolve(".reload"));
	}

	@Test
	void extraPathsWithGlobsRestartForMatchingFilesOnly() throws IOException {
		Path shared = Files.createDirectories(this.temp.resolve("shared"));
		write(this.workingDirectory.resolve("config/application.yml"), "a: 1");
		this.properties.getWatch().setExtraPaths(List.of("config/*.yml", "../shared/**/*.properties"));
		start();
		write(this.workingDirectory.resolve("config/notes.txt"), "not watched");
		write(shared.resolve("nested/app.txt"), "not watched");
		write(shared.resolve("nested/app.properties"), "x=1");
		awaitRestart();
		assertThat(this.restarts.get(0).getChanges()).singleElement()
			.isEqualTo(new FileChange(shared.resolve("nested/app.properties"), ChangeType.ADDED));
	}

	@Test
	void startedEventListenerAddsADirectoryWithAGlobBeforeTheFirstLook() throws IOException {
		Path templates = Files.createDirectories(this.workingDirectory.resolve("templates"));
		this.listeners.add((event) -> {
			if (event instanceof ReloaderStartedEvent started) {
				started.watchDirectory(templates, "**/*.html");
			}
		});
		start();
		write(templates.resolve("mail/welcome.txt"), "not watched");
		write(templates.resolve("mail/welcome.html"), "<p>hi</p>");
		awaitRestart();
		assertThat(this.restarts.get(0).getAdded()).containsExactly(templates.resolve("mail/welcome.html"));
	}

	@Test
	void passingBuildCommandRunsOnceAndItsClassOutputRestarts() throws IOException {
		Path source = write(this.workingDirectory.resolve("src/main/java/com/example/Foo.java"), "class Foo {}");
		this.properties.getBuild()
			.setCommand("echo run >> build.log && cp src/main/java/com/example/Foo.java target/classes/com/example/Foo.class");
		start();
		write(source, "class Foo { int x; }");
		awaitRestart();
		assertThat(this.restarts.get(0).getChanges()).singleElement()
			.isEqualTo(new FileChange(this.classes.resolve("com/example/Foo.class"),
					ChangeType.MODIFIED));
		assertThat(Files.readAllLines(this.workingDirectory.resolve("build.log"))).containsExactly("run");
	}

	@Test
	void failingBuildCommandLogsTheExitCodeAndDoesNotRestart(CapturedOutput output) throws IOException {
		Path source = write(this.workingDirectory.resolve("src/main/java/com/example/Foo.java"), "class Foo {}");
		this.properties.getBuild().setCommand("rm target/classes/com/example/Foo.class; echo 'Foo.java:1: error' >&2; exit 2");
		start();
		write(source, "class Foo { broken");
		FilesChangedEvent deletion = awaitFilesChanged(2);
		assertThat(deletion.getChanges().getDeleted()).containsExactly(this.classes.resolve("com/example/Foo.class"));
		assertThat(deletion.isRestartPending()).isFalse();
		assertThat(output.getAll()).contains("Foo.java:1: error").contains("Build failed with exit code 2");
		assertThat(this.restarts).isEmpty();
	}

	@Test
	void sourceChangeDuringABuildRunsItOnceMoreAfterAndRestartsOnce() throws IOException {
		Path source = write(this.workingDirectory.resolve("src/main/java/com/example/Foo.java"), "class Foo {}");
		this.properties.getBuild().setCommand("mkdir lock || echo overlap >> build.log; echo run >> build.log; "
				+ "while [ ! -f release ]; do sleep 0.02; done; "
				+ "cp src/main/java/com/example/Foo.java target/classes/com/example/Foo.class; rmdir lock");
		start();
		write(source, "class Foo { int x; }");
		await().until(() -> Files.exists(this.workingDirectory.resolve("build.log")));
		write(source, "class Foo { int y; }");
		await().until(() -> reportedChange(source));
		write(this.workingDirectory.resolve("release"), "");
		awaitRestart();
		assertThat(Files.readAllLines(this.workingDirectory.resolve("build.log"))).containsExactly("run", "run");
		assertThat(Files.readString(this.classes.resolve("com/example/Foo.class"))).isEqualTo("class Foo { int y; }");
	}

	@Test
	void changeMadeAfterThePreviousApplicationStoppedRestarts(CapturedOutput output) throws IOException {
		BaselineFile baselineFile = BaselineFile.of(this.temp.resolve("baseline"));
		start(baselineFile);
		this.runner.destroy();
		assertThat(this.temp.resolve("baseline")).isRegularFile();
		Path changed = write(this.classes.resolve("com/example/Foo.class"), "foo changed while stopped");
		start(baselineFile);
		awaitRestart();
		assertThat(this.restarts.get(0).getChanges()).containsExactly(new FileChange(changed, ChangeType.MODIFIED));
	}

	@Test
	void restartHandsWhatItSawOverToTheNextApplication() throws IOException {
		BaselineFile baselineFile = BaselineFile.of(this.temp.resolve("baseline"));
		start(baselineFile);
		Path seen = write(this.classes.resolve("com/example/Bar.class"), "bar changed");
		awaitRestart();
		assertThat(this.restarts.get(0).getChanges()).containsExactly(new FileChange(seen, ChangeType.MODIFIED));
		this.runner.destroy();
		this.restarts.clear();
		Path unseen = write(this.classes.resolve("com/example/Foo.class"), "foo changed during the restart");
		start(baselineFile);
		awaitRestart();
		assertThat(this.restarts.get(0).getChanges()).containsExactly(new FileChange(unseen, ChangeType.MODIFIED));
	}

	@Test
	void unreadableBaselineGivesWayToFilesModifiedSinceTheJvmStartedWithAWarning(CapturedOutput output)
			throws IOException {
		Path file = Files.writeString(this.temp.resolve("baseline"), "from another version");
		Path changed = write(this.classes.resolve("com/example/Foo.class"), "foo changed");
		Files.setLastModifiedTime(changed, FileTime.from(java.time.Instant.now()));
		start(BaselineFile.of(file));
		awaitRestart();
		assertThat(this.restarts.get(0).getChanges()).containsExactly(new FileChange(changed, ChangeType.MODIFIED));
		assertThat(output).contains("Cannot read what the previous application saw of the watched files (" + file
				+ " is not a baseline of watched files)");
	}

	private void start() throws IOException {
		start(null);
	}

	private void start(BaselineFile baselineFile) throws IOException {
		WatchSet watchSet = ClassPathWatchSet.create(this.properties, List.of(this.classes), this.workingDirectory);
		ReloaderSelector selector = new ReloaderSelector(ReloaderType.STAT, this.properties.getPollInterval()) {

			@Override
			public Selection select(WatchSet watchSet) {
				return new Selection(new RecordingReloader(super.select(watchSet).reloader()), "test");
			}

		};
		this.runner = new ReloaderRunner(selector, watchSet, this.properties, this.workingDirectory, (event) -> {
			this.listeners.forEach((listener) -> listener.accept(event));
			this.events.add(event);
		}, this.vetoes, () -> this.restarts.add(lastFilesChanged().getRestartingChanges()), baselineFile);
		this.runner.run(null);
	}

	private void awaitRestart() {
		await().until(() -> !this.restarts.isEmpty());
	}

	private FilesChangedEvent awaitFilesChanged(int count) {
		await().until(() -> filesChanged().size() >= count);
		return filesChanged().get(count - 1);
	}

	private List<FilesChangedEvent> filesChanged() {
		return this.events.stream()
			.filter(FilesChangedEvent.class::isInstance)
			.map(FilesChangedEvent.class::cast)
			.toList();
	}

	private FilesChangedEvent lastFilesChanged() {
		List<FilesChangedEvent> all = filesChanged();
		return all.get(all.size() - 1);
	}

	private boolean reportedChange(Path path) {
		return this.reported.stream().flatMap(List::stream).anyMatch((change) -> change.path().equals(path));
	}

	private Path write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		Files.setLastModifiedTime(file, FileTime.fromMillis(this.mtime++ * 1000));
		return file;
	}

	private final class RecordingReloader implements Reloader {

		private final Reloader delegate;

		RecordingReloader(Reloader delegate) {
			this.delegate = delegate;
		}

		@Override
		public String getName() {
			return this.delegate.getName();
		}

		@Override
		public void start() throws IOException {
			this.delegate.start();
		}

		@Override
		public List<FileChange> poll(Duration timeout) throws IOException, InterruptedException {
			List<FileChange> changes = this.delegate.poll(timeout);
			if (!changes.isEmpty()) {
				ReloaderRunnerTests.this.reported.add(changes);
			}
			return changes;
		}

		@Override
		public String describe() {
			return this.delegate.describe();
		}

		@Override
		public Baseline baseline() {
			return this.delegate.baseline();
		}

		@Override
		public List<FileChange> changesSince(Baseline baseline) throws IOException {
			return this.delegate.changesSince(baseline);
		}

	}

}
