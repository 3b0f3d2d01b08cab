package dev.reloader.watch.watchman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.reloader.watch.Baseline;
import dev.reloader.watch.ChangeType;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.StatReloader;
import dev.reloader.watch.WatchSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WatchmanReloader} against a real Watchman server of their own.
 *
 * @author Reloader contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class WatchmanReloaderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	static Path serverDirectory;

	private static WatchmanServer server;

	@TempDir
	Path temp;

	private final List<Reloader> reloaders = new ArrayList<>();

	@BeforeAll
	static void startServer() throws IOException {
		server = WatchmanServer.start(serverDirectory);
	}

	@AfterAll
	static void stopServer() throws IOException {
		server.close();
	}

	@AfterEach
	void closeReloaders() throws IOException {
		for (Reloader reloader : this.reloaders) {
			reloader.close();
		}
	}

	@Test
	void newFileInWatchedDirectoryIsAdded() throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		Path created = write(classes.resolve("com/example/App.class"), "new");
		awaitChanges(reloader, (changes) -> assertThat(changes).contains(new FileChange(created, ChangeType.ADDED)));
	}

	@Test
	void changedFileIsModified() throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		Path existing = write(classes.resolve("App.class"), "old");
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		write(existing, "changed");
		awaitChanges(reloader,
				(changes) -> assertThat(changes).containsExactly(new FileChange(existing, ChangeType.MODIFIED)));
	}

	@Test
	void removedFileIsDeleted() throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		Path existing = write(classes.resolve("App.class"), "old");
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		Files.delete(existing);
		awaitChanges(reloader,
				(changes) -> assertThat(changes).containsExactly(new FileChange(existing, ChangeType.DELETED)));
	}

	@Test
	void filesWrittenBeforeStartAreNotReported() throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		write(classes.resolve("Before.class"), "before");
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		Path after = write(classes.resolve("After.class"), "after");
		List<FileChange> changes = awaitChanges(reloader,
				(seen) -> assertThat(seen).contains(new FileChange(after, ChangeType.ADDED)));
		assertThat(changes).extracting(FileChange::path).containsOnly(after);
	}

	@Test
	void singleFilesAreWatchedWithoutTheirNeighbours() throws Exception {
		Path project = Files.createDirectories(this.temp.resolve("project"));
		Path watched = write(project.resolve("application.properties"), "a=1");
		Path neighbour = write(project.resolve("notes.txt"), "n");
		WatchmanReloader reloader = start(WatchSet.builder().file(watched).build());
		write(neighbour, "changed first");
		write(project.resolve("sub/application.properties"), "same name, other directory");
		write(watched, "a=2");
		List<FileChange> changes = awaitChanges(reloader,
				(seen) -> assertThat(seen).contains(new FileChange(watched, ChangeType.MODIFIED)));
		assertThat(changes).extracting(FileChange::path).containsOnly(watched);
	}

	@Test
	void directoryBelowAWatchmanProjectRootIsReportedUnderItsOwnPath() throws Exception {
		Path project = Files.createDirectories(this.temp.resolve("project"));
		write(project.resolve(".watchmanconfig"), "{}");
		Path classes = Files.createDirectories(project.resolve("target/classes"));
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		write(project.resolve("src/App.java"), "outside the watch set");
		Path created = write(classes.resolve("App.class"), "inside");
		List<FileChange> changes = awaitChanges(reloader,
				(seen) -> assertThat(seen).contains(new FileChange(created, ChangeType.ADDED)));
		assertThat(changes).extracting(FileChange::path).containsOnly(created);
	}

	@Test
	void directoryThatDoesNotExistYetIsWatchedThroughItsParent(CapturedOutput output) throws Exception {
		Path classes = this.temp.resolve("classes");
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		assertThat(output).contains("Watching the parent directory of " + classes);
		Path created = write(classes.resolve("App.class"), "built");
		awaitChanges(reloader, (changes) -> assertThat(changes).contains(new FileChange(created, ChangeType.ADDED)));
	}

	@Test
	void directoryWithoutParentIsReportedAndSkipped(CapturedOutput output) throws Exception {
		Path missing = this.temp.resolve("no/such/classes");
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		WatchmanReloader reloader = start(WatchSet.builder().directory(missing).directory(classes).build());
		assertThat(output).contains("Not watching " + missing + " with Watchman: neither it nor its parent");
		Path created = write(classes.resolve("App.class"), "built");
		awaitChanges(reloader, (changes) -> assertThat(changes).contains(new FileChange(created, ChangeType.ADDED)));
	}

	@Test
	void freshInstanceReportsEveryFileAsModified(CapturedOutput output) throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		Path first = write(classes.resolve("First.class"), "1");
		Path second = write(classes.resolve("pkg/Second.class"), "2");
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		try (WatchmanConnection other = server.connect()) {
			other.command("watch-del", classes.toString());
		}
		awaitChanges(reloader, (changes) -> assertThat(changes).containsExactlyInAnyOrder(
				new FileChange(first, ChangeType.MODIFIED), new FileChange(second, ChangeType.MODIFIED)));
		assertThat(output).contains("Watchman stopped watching " + classes)
			.contains("Watchman lost track of changes under " + classes);
		Path created = write(classes.resolve("Third.class"), "3");
		awaitChanges(reloader, (changes) -> assertThat(changes).contains(new FileChange(created, ChangeType.ADDED)));
	}

	@Test
	void warningsFromWatchmanAreLogged(CapturedOutput output) throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		try (WatchmanConnection other = server.connect()) {
			other.command("debug-recrawl", classes.toString());
		}
		Path created = write(classes.resolve("App.class"), "after the recrawl");
		awaitChanges(reloader, (changes) -> assertThat(changes).contains(new FileChange(created, ChangeType.ADDED)));
		assertThat(output).containsPattern("WARN.*Watchman warns: Recrawled this watch");
	}

	@Test
	void describeNamesWhatIsWatched() throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		WatchmanReloader reloader = start(
				WatchSet.builder().directory(classes).file(this.temp.resolve("application.yml")).build());
		assertThat(reloader.getName()).isEqualTo("WatchmanReloader");
		assertThat(reloader.describe()).startsWith("1 directory and 1 file through Watchman 4.");
	}

	@Test
	void serverThatGoesAwayIsReplacedByTheFallbackWithoutLosingChanges(CapturedOutput output) throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		Path existing = write(classes.resolve("App.class"), "old");
		WatchSet watchSet = WatchSet.builder().directory(classes).build();
		try (WatchmanServer dying = WatchmanServer.start(Files.createDirectories(this.temp.resolve("server")))) {
			WatchmanReloader reloader = new WatchmanReloader(watchSet, TIMEOUT,
					() -> new StatReloader(watchSet, Duration.ofMillis(50)), dying.locator());
			this.reloaders.add(reloader);
			reloader.start();
			dying.kill();
			write(existing, "changed while no one watched");
			awaitChanges(reloader,
					(changes) -> assertThat(changes).contains(new FileChange(existing, ChangeType.MODIFIED)));
			assertThat(reloader.isFallenBack()).isTrue();
			assertThat(output).contains("Watchman stopped answering")
				.contains("watching for file changes with StatReloader from now on");
			Path created = write(classes.resolve("New.class"), "new");
			awaitChanges(reloader,
					(changes) -> assertThat(changes).contains(new FileChange(created, ChangeType.ADDED)));
			assertThat(reloader.describe()).endsWith("(Watchman is gone)");
		}
	}

	@Test
	void serverThatDoesNotAnswerAtStartLeavesWatchingToTheFallback(CapturedOutput output) throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		WatchSet watchSet = WatchSet.builder().directory(classes).build();
		SocketLocator nowhere = new SocketLocator(
				Map.of(SocketLocator.SOCKET_VARIABLE, this.temp.resolve("missing.sock").toString()), "watchman");
		WatchmanReloader reloader = new WatchmanReloader(watchSet, TIMEOUT,
				() -> new StatReloader(watchSet, Duration.ofMillis(50)), nowhere);
		this.reloaders.add(reloader);
		reloader.start();
		assertThat(reloader.isFallenBack()).isTrue();
		assertThat(output).contains("Watchman cannot watch the files")
			.contains("watching for file changes with StatReloader from now on");
		Path created = write(classes.resolve("App.class"), "new");
		awaitChanges(reloader, (changes) -> assertThat(changes).contains(new FileChange(created, ChangeType.ADDED)));
	}

	@Test
	void closingWhilePollingEndsThePollQuietly(CapturedOutput output) throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		WatchmanReloader reloader = start(WatchSet.builder().directory(classes).build());
		CompletableFuture<List<FileChange>> polled = CompletableFuture.supplyAsync(() -> {
			try {
				return reloader.poll(Duration.ofSeconds(30));
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		reloader.close();
		assertThat(polled.get(10, TimeUnit.SECONDS)).isEmpty();
		assertThat(reloader.isFallenBack()).isFalse();
		assertThat(output).doesNotContain("Watchman stopped answering");
	}

	@Test
	void changesSinceTheClocksOfAnEarlierReloaderAreReported() throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		Path existing = write(classes.resolve("com/example/Existing.class"), "one");
		WatchSet watchSet = WatchSet.builder().directory(classes).build();
		WatchmanReloader first = start(watchSet);
		Path touched = write(classes.resolve("com/example/Touched.class"), "seen by the first");
		awaitChanges(first, (changes) -> assertThat(changes).contains(new FileChange(touched, ChangeType.ADDED)));
		Baseline baseline = first.baseline();
		assertThat(baseline.getClocks()).containsOnlyKeys(classes);
		first.close();
		write(existing, "changed while no one watched");
		WatchmanReloader second = start(watchSet);
		assertThat(second.changesSince(baseline)).containsExactly(new FileChange(existing, ChangeType.MODIFIED));
		WatchmanReloader third = start(watchSet);
		assertThat(third.changesSince(second.baseline())).isEmpty();
	}

	@Test
	void clockOfAServerThatRestartedGivesWayToAScanWithAWarning(CapturedOutput output) throws Exception {
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		Path untouched = write(classes.resolve("com/example/Untouched.class"), "one");
		Files.setLastModifiedTime(untouched, FileTime.from(Instant.now().minusSeconds(60)));
		Path existing = write(classes.resolve("com/example/Existing.class"), "one");
		Files.setLastModifiedTime(existing, FileTime.from(Instant.now().minusSeconds(60)));
		WatchSet watchSet = WatchSet.builder().directory(classes).build();
		Baseline baseline;
		try (WatchmanServer restarted = WatchmanServer.start(Files.createDirectories(this.temp.resolve("old")))) {
			WatchmanReloader first = new WatchmanReloader(watchSet, TIMEOUT,
					() -> new StatReloader(watchSet, Duration.ofMillis(50)), restarted.locator());
			first.start();
			baseline = first.baseline();
			first.close();
		}
		write(existing, "changed while the server restarted");
		WatchmanReloader second = start(watchSet);
		assertThat(second.changesSince(baseline)).containsExactly(new FileChange(existing, ChangeType.MODIFIED));
		assertThat(output).contains("Watchman server has restarted since the previous application last looked");
	}

	private WatchmanReloader start(WatchSet watchSet) throws IOException {
		WatchmanReloader reloader = new WatchmanReloader(watchSet, TIMEOUT,
				() -> new StatReloader(watchSet, Duration.ofMillis(50)), server.locator());
		this.reloaders.add(reloader);
		reloader.start();
		return reloader;
	}

	private static Path write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		boolean existed = Files.exists(file);
		Files.writeString(file, content);
		if (existed) {
			Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
		}
		return file;
	}

	/**
	 * Poll the reloader on this thread until the changes seen so far pass the assertion.
	 */
	private static List<FileChange> awaitChanges(Reloader reloader, Consumer<List<FileChange>> assertion) {
		List<FileChange> seen = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20))
			.pollInSameThread()
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.untilAsserted(() -> {
				seen.addAll(reloader.poll(Duration.ofMillis(100)));
				assertion.accept(seen);
			});
		return seen;
	}

}
