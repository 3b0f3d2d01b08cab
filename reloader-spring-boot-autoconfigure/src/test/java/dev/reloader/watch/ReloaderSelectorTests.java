package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ReloaderSelector}.
 *
 * @author Reloader contributors
 */
class ReloaderSelectorTests {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	@TempDir
	Path temp;

	@Test
	void statIsUsedWhenForced() {
		ReloaderSelector.Selection selection = select(ReloaderType.STAT);
		assertThat(selection.reloader()).isInstanceOf(StatReloader.class);
		assertThat(selection.reason()).isEqualTo("reloader.type=stat; polling every 500 ms");
	}

	@Test
	void nativeIsUsedWhenForced() {
		ReloaderSelector.Selection selection = select(ReloaderType.NATIVE);
		assertThat(selection.reloader()).isInstanceOf(NativeReloader.class);
		assertThat(selection.reloader().getName()).isEqualTo("NativeReloader");
		assertThat(selection.reason()).isEqualTo("reloader.type=native");
	}

	@Test
	void watchmanForcedWithoutWatchmanFailsWithTheReason() {
		assertThatIllegalStateException().isThrownBy(() -> select(ReloaderType.WATCHMAN))
			.withMessageContaining("no Watchman client")
			.withMessageContaining("reloader.type=auto");
	}

	@Test
	void autoPassesOverWatchmanAndTakesNativeWhereTheJdkDeliversEvents() throws IOException {
		try (WatchService watchService = FileSystems.getDefault().newWatchService()) {
			assumeTrue(ReloaderSelector.nativeEventsProblem(watchService.getClass().getName()) == null,
					"the JDK's watch service only polls here");
		}
		ReloaderSelector.Selection selection = select(ReloaderType.AUTO);
		assertThat(selection.reloader()).isInstanceOf(NativeReloader.class);
		assertThat(selection.reason()).isEqualTo(
				"reloader.type=auto; not Watchman (no Watchman client); native file system events are available");
	}

	@Test
	void autoTakesWatchmanWhenItIsAvailable() {
		StatReloader standIn = new StatReloader(watchSet(), POLL_INTERVAL);
		ReloaderSelector selector = new ReloaderSelector(ReloaderType.AUTO, POLL_INTERVAL) {

			@Override
			Candidate watchman(WatchSet watchSet) {
				return Candidate.available(standIn, "Watchman 2024.01.01 answered");
			}

		};
		ReloaderSelector.Selection selection = selector.select(watchSet());
		assertThat(selection.reloader()).isSameAs(standIn);
		assertThat(selection.reason()).isEqualTo("reloader.type=auto; Watchman 2024.01.01 answered");
	}

	@Test
	void pollingWatchServiceIsNotNativeEvents() {
		assertThat(ReloaderSelector.nativeEventsProblem("sun.nio.fs.PollingWatchService"))
			.isEqualTo("the JDK's watch service only polls on this platform");
		assertThat(ReloaderSelector.nativeEventsProblem("sun.nio.fs.LinuxWatchService")).isNull();
		assertThat(ReloaderSelector.nativeEventsProblem("sun.nio.fs.WindowsWatchService")).isNull();
	}

	/**
	 * Select with Watchman unavailable, whatever this machine has: the Watchman cases
	 * against a real server are in {@code WatchmanSelectionTests}.
	 */
	private ReloaderSelector.Selection select(ReloaderType type) {
		ReloaderSelector selector = new ReloaderSelector(type, POLL_INTERVAL) {

			@Override
			Candidate watchman(WatchSet watchSet) {
				return Candidate.unavailable("no Watchman client");
			}

		};
		return selector.select(watchSet());
	}

	private WatchSet watchSet() {
		return WatchSet.builder().directory(this.temp).build();
	}

}
