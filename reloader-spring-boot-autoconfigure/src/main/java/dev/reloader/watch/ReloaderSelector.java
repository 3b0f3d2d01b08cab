package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;

import dev.reloader.watch.watchman.WatchmanReloader;

/**
 * Chooses the {@link Reloader} for a {@link WatchSet} from the configured
 * {@link ReloaderType} and what works on this machine, and says why. {@code auto} takes
 * Watchman when a server answers, else native file system events where the JDK delivers
 * real ones, else polling.
 *
 * @author Reloader contributors
 */
public class ReloaderSelector {

	private static final String POLLING_WATCH_SERVICE = "sun.nio.fs.PollingWatchService";

	private final ReloaderType type;

	private static final Duration DEFAULT_WATCHMAN_TIMEOUT = Duration.ofSeconds(5);

	private final Duration pollInterval;

	private final Duration watchmanTimeout;

	/**
	 * Create a new selector.
	 * @param type the configured type
	 * @param pollInterval the interval for polling reloaders
	 */
	public ReloaderSelector(ReloaderType type, Duration pollInterval) {
		this(type, pollInterval, DEFAULT_WATCHMAN_TIMEOUT);
	}

	/**
	 * Create a new selector.
	 * @param type the configured type
	 * @param pollInterval the interval for polling reloaders
	 * @param watchmanTimeout how long a Watchman server may take to answer
	 */
	public ReloaderSelector(ReloaderType type, Duration pollInterval, Duration watchmanTimeout) {
		this.type = Objects.requireNonNull(type, "'type' must not be null");
		this.pollInterval = Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
		this.watchmanTimeout = Objects.requireNonNull(watchmanTimeout, "'watchmanTimeout' must not be null");
	}

	/**
	 * Select a reloader for the given watch set.
	 * @param watchSet what to watch
	 * @return the selection: the reloader (not yet started) and the reason it was chosen
	 * @throws IllegalStateException if a forced type cannot be used here
	 */
	public Selection select(WatchSet watchSet) {
		Objects.requireNonNull(watchSet, "'watchSet' must not be null");
		return switch (this.type) {
			case STAT -> new Selection(stat(watchSet), "reloader.type=stat; polling every " + pollMillis() + " ms");
			case NATIVE -> new Selection(new NativeReloader(watchSet, this.pollInterval), "reloader.type=native");
			case WATCHMAN -> selectWatchman(watchSet);
			case AUTO -> selectAutomatically(watchSet);
		};
	}

	private Selection selectWatchman(WatchSet watchSet) {
		Candidate watchman = watchman(watchSet);
		if (!watchman.isAvailable()) {
			throw new IllegalStateException("reloader.type=watchman, but Watchman cannot be used: " + watchman.reason()
					+ ". Install Watchman 4.9 or later and check that 'watchman version' answers, or set "
					+ "reloader.type=auto to use the best reloader that works here");
		}
		return new Selection(watchman.reloader(), "reloader.type=watchman; " + watchman.reason());
	}

	private Selection selectAutomatically(WatchSet watchSet) {
		Candidate watchman = watchman(watchSet);
		if (watchman.isAvailable()) {
			return new Selection(watchman.reloader(), "reloader.type=auto; " + watchman.reason());
		}
		String passedOver = "reloader.type=auto; not Watchman (" + watchman.reason() + ")";
		String nativeProblem = nativeEventsProblem();
		if (nativeProblem == null) {
			return new Selection(new NativeReloader(watchSet, this.pollInterval),
					passedOver + "; native file system events are available");
		}
		return new Selection(stat(watchSet), passedOver + ", not native (" + nativeProblem + "); polling every "
				+ pollMillis() + " ms");
	}

	/**
	 * Offer a Watchman reloader for the given watch set, or say why there is none.
	 * @param watchSet what to watch
	 * @return the candidate
	 */
	Candidate watchman(WatchSet watchSet) {
		WatchmanReloader.Availability availability = WatchmanReloader.probe(this.watchmanTimeout);
		if (!availability.isAvailable()) {
			return Candidate.unavailable(availability.getReason());
		}
		return Candidate.available(
				new WatchmanReloader(watchSet, this.watchmanTimeout, () -> watchmanFallback(watchSet)),
				"Watchman " + availability.getVersion() + " answers");
	}

	/**
	 * Return the reloader that takes over, in the same JVM, when the Watchman server goes
	 * away: native events where the JDK has them, else polling.
	 */
	private Reloader watchmanFallback(WatchSet watchSet) {
		return (nativeEventsProblem() == null) ? new NativeReloader(watchSet, this.pollInterval) : stat(watchSet);
	}

	private String nativeEventsProblem() {
		try (WatchService watchService = FileSystems.getDefault().newWatchService()) {
			return nativeEventsProblem(watchService.getClass().getName());
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "no watch service: " + ex.getMessage();
		}
	}

	/**
	 * Return why the JDK's watch service of the given class delivers no real events, or
	 * {@code null} if it does.
	 * @param watchServiceClassName the class of the default file system's watch service
	 * @return the problem or {@code null}
	 */
	static String nativeEventsProblem(String watchServiceClassName) {
		if (POLLING_WATCH_SERVICE.equals(watchServiceClassName)) {
			return "the JDK's watch service only polls on this platform";
		}
		return null;
	}

	private StatReloader stat(WatchSet watchSet) {
		return new StatReloader(watchSet, this.pollInterval);
	}

	private long pollMillis() {
		return this.pollInterval.toMillis();
	}

	/**
	 * The outcome of a selection.
	 *
	 * @param reloader the chosen reloader, not yet started
	 * @param reason why it was chosen, for the startup log
	 */
	public record Selection(Reloader reloader, String reason) {
	}

	/**
	 * A reloader that can be used here, or why it cannot.
	 *
	 * @param reloader the reloader, or {@code null} if it cannot be used
	 * @param reason why it can be used, or why not
	 */
	record Candidate(Reloader reloader, String reason) {

		static Candidate available(Reloader reloader, String reason) {
			return new Candidate(Objects.requireNonNull(reloader, "'reloader' must not be null"), reason);
		}

		static Candidate unavailable(String reason) {
			return new Candidate(null, reason);
		}

		boolean isAvailable() {
			return this.reloader != null;
		}

	}

}
