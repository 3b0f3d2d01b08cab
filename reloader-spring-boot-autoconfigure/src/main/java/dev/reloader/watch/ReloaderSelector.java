package dev.reloader.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * Chooses the {@link Reloader} for a {@link WatchSet} from the configured
 * {@link ReloaderType} and what works on this machine, and says why.
 *
 * @author Reloader contributors
 */
public class ReloaderSelector {

	private final ReloaderType type;

	private final Duration pollInterval;

	/**
	 * Create a new selector.
	 * @param type the configured type
	 * @param pollInterval the interval for polling reloaders
	 */
	public ReloaderSelector(ReloaderType type, Duration pollInterval) {
		this.type = Objects.requireNonNull(type, "'type' must not be null");
		this.pollInterval = Objects.requireNonNull(pollInterval, "'pollInterval' must not be null");
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
			case AUTO -> new Selection(new StatReloader(watchSet, this.pollInterval),
					"reloader.type=auto; polling every " + this.pollInterval.toMillis() + " ms");
			case NATIVE, WATCHMAN -> throw new IllegalStateException("reloader.type="
					+ this.type.name().toLowerCase(java.util.Locale.ROOT) + " is not available in this version");
		};
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
