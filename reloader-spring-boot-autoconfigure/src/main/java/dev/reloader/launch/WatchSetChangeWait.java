package dev.reloader.launch;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.ReloadLoop;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link ChangeWait} that watches the same files as the application would: it takes a
 * fresh {@link Reloader} for each wait and returns on the first batch with a change that
 * is not excluded. With a {@link BaselineFile}, a change made since the application last
 * looked (while it crashed on start, say) counts too, and what the wait saw is handed
 * over to the next application.
 *
 * @author Reloader contributors
 */
public final class WatchSetChangeWait implements ChangeWait {

	private static final Log logger = LogFactory.getLog(WatchSetChangeWait.class);

	private final WatchSet watchSet;

	private final Supplier<Reloader> reloaders;

	private final Duration quietPeriod;

	private final BaselineFile baselineFile;

	/**
	 * Create a new instance.
	 * @param watchSet the files to watch
	 * @param reloaders supplies a new, not yet started reloader for the watch set
	 * @param quietPeriod how long the files must stay unchanged before a batch counts
	 */
	public WatchSetChangeWait(WatchSet watchSet, Supplier<Reloader> reloaders, Duration quietPeriod) {
		this(watchSet, reloaders, quietPeriod, null);
	}

	/**
	 * Create a new instance that carries on from what the application that crashed (or
	 * the one before it) last saw, and hands what it saw over to the next application.
	 * @param watchSet the files to watch
	 * @param reloaders supplies a new, not yet started reloader for the watch set
	 * @param quietPeriod how long the files must stay unchanged before a batch counts
	 * @param baselineFile where applications hand over what they saw, or {@code null}
	 */
	public WatchSetChangeWait(WatchSet watchSet, Supplier<Reloader> reloaders, Duration quietPeriod,
			BaselineFile baselineFile) {
		this.watchSet = Objects.requireNonNull(watchSet, "'watchSet' must not be null");
		this.reloaders = Objects.requireNonNull(reloaders, "'reloaders' must not be null");
		this.quietPeriod = Objects.requireNonNull(quietPeriod, "'quietPeriod' must not be null");
		this.baselineFile = baselineFile;
	}

	@Override
	public void await() throws IOException, InterruptedException {
		try (Reloader reloader = this.reloaders.get()) {
			reloader.start();
			boolean[] changed = new boolean[1];
			ReloadLoop loop = new ReloadLoop(reloader, this.quietPeriod, (batch) -> {
				changed[0] = isRestarting(batch);
				if (changed[0] && this.baselineFile != null) {
					this.baselineFile.handOver(reloader);
				}
				return !changed[0];
			});
			if (this.baselineFile != null) {
				loop.withInitialChanges(this.baselineFile.changesSince(reloader));
			}
			loop.run();
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			if (!changed[0]) {
				throw new IOException("Watching for file changes stopped with " + reloader.getName());
			}
		}
	}

	private boolean isRestarting(ChangeBatch batch) {
		for (FileChange change : batch.getChanges()) {
			if (!this.watchSet.isExcluded(change.path())) {
				logger.info("Restarting after " + batch.describe(this.watchSet::displayName));
				return true;
			}
		}
		return false;
	}

}
