package dev.reloader.watch;

import java.time.Duration;
import java.util.Objects;

import dev.reloader.watch.watchman.WatchmanReloader;

/**
 * Chooses the {@link Reloader} for a {@link WatchSet} from the configured
 * {@link ReloaderType} and what works on this machine, and says why.
 *
 * @author Reloader contributors
 */
public class ReloaderSelector {

	private static final Duration DEFAULT_WATCHMAN_TIMEOUT = Duration.ofSeconds(5);

	private final ReloaderType type;

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
		return switch (this.type) {
			case STAT -> new Selection(new StatReloader(watchSet, this.pollInterval), "reloader.type=stat");
			case AUTO -> {
				WatchmanReloader.Availability watchman = WatchmanReloader.probe(this.watchmanTimeout);
				if (watchman.isAvailable()) {
					yield new Selection(watchman(watchSet),
							"reloader.type=auto; Watchman " + watchman.getVersion() + " answers");
				}
				yield new Selection(new StatReloader(watchSet, this.pollInterval), "reloader.type=auto; polling every "
						+ this.pollInterval.toMillis() + " ms (not Watchman: " + watchman.getReason() + ")");
			}
			case WATCHMAN -> selectWatchman(watchSet);
			case NATIVE -> throw new IllegalStateException("reloader.type="
					+ this.type.name().toLowerCase(java.util.Locale.ROOT) + " is not available in this version");
		};
	}

	private Selection selectWatchman(WatchSet watchSet) {
		WatchmanReloader.Availability watchman = WatchmanReloader.probe(this.watchmanTimeout);
		if (!watchman.isAvailable()) {
			throw new IllegalStateException("reloader.type=watchman, but Watchman cannot be used: "
					+ watchman.getReason() + ". Install Watchman 4.9 or later and check that 'watchman version' "
					+ "answers, or set reloader.type=auto");
		}
		return new Selection(watchman(watchSet), "reloader.type=watchman; Watchman " + watchman.getVersion());
	}

	private Reloader watchman(WatchSet watchSet) {
		return new WatchmanReloader(watchSet, this.watchmanTimeout, () -> watchmanFallback(watchSet));
	}

	/**
	 * Return the reloader that takes over, in the same JVM, when the Watchman server goes
	 * away.
	 */
	private Reloader watchmanFallback(WatchSet watchSet) {
		return new StatReloader(watchSet, this.pollInterval);
	}

	/**
	 * The outcome of a selection.
	 *
	 * @param reloader the chosen reloader, not yet started
	 * @param reason why it was chosen, for the startup log
	 */
	public record Selection(Reloader reloader, String reason) {
	}

}
