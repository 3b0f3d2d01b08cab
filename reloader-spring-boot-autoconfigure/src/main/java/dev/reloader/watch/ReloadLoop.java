package dev.reloader.watch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The tick loop: asks a {@link Reloader} for changes, waits for a {@link QuietPeriod}
 * after the last one, and hands every complete batch to a {@link BatchHandler}. The
 * period is the short one for class files written with no deletion, the deletion period
 * while every change is a deletion, else the full one; while a batch waits longer than
 * the short period, the loop asks a {@link BuildStatus} every short period what the build
 * that makes it is doing: a batch waits up to the deletion period while the build runs,
 * and only the short period once it has finished. Before it
 * hands a batch over, it checks that no file of the batch is still growing and that the
 * handler is ready; otherwise it waits another quiet period. Runs on the thread that
 * calls {@link #run()} until {@link #stop()} or until the handler asks it to stop.
 *
 * @author Reloader contributors
 */
public final class ReloadLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(ReloadLoop.class);

	private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

	private final Reloader reloader;

	private final QuietPeriod quietPeriod;

	private final BatchHandler handler;

	private final LongSupplier nanoTime;

	private final Supplier<Instant> wallClock;

	private final List<FileChange> initialChanges = new ArrayList<>();

	private BuildStatus buildStatus = BuildStatus.NONE;

	private volatile boolean running = true;

	/**
	 * Create a loop that treats deletions like any other change.
	 * @param reloader the started reloader to poll
	 * @param quietPeriod how long the files must stay unchanged before a batch is handed
	 * over
	 * @param handler receives each batch
	 */
	public ReloadLoop(Reloader reloader, Duration quietPeriod, BatchHandler handler) {
		this(reloader, new QuietPeriod(quietPeriod), handler);
	}

	/**
	 * Create a loop.
	 * @param reloader the started reloader to poll
	 * @param quietPeriod when a batch is complete
	 * @param handler receives each batch
	 */
	public ReloadLoop(Reloader reloader, QuietPeriod quietPeriod, BatchHandler handler) {
		this(reloader, quietPeriod, handler, System::nanoTime, Instant::now);
	}

	ReloadLoop(Reloader reloader, QuietPeriod quietPeriod, BatchHandler handler, LongSupplier nanoTime,
			Supplier<Instant> wallClock) {
		this.reloader = Objects.requireNonNull(reloader, "'reloader' must not be null");
		this.quietPeriod = Objects.requireNonNull(quietPeriod, "'quietPeriod' must not be null");
		this.handler = Objects.requireNonNull(handler, "'handler' must not be null");
		this.nanoTime = nanoTime;
		this.wallClock = wallClock;
	}

	/**
	 * Use the given way of telling what a build is doing, so that a batch waits while
	 * the build that makes it runs, and only the short quiet period once it has finished.
	 * Call before {@link #run()}.
	 * @param buildStatus tells what a build is doing
	 * @return this loop
	 */
	public ReloadLoop withBuildStatus(BuildStatus buildStatus) {
		this.buildStatus = Objects.requireNonNull(buildStatus, "'buildStatus' must not be null");
		return this;
	}

	/**
	 * Treat the given changes as if the first poll had reported them, for example
	 * changes made before the reloader started that an earlier one had not seen. Call
	 * before {@link #run()}.
	 * @param changes the changes
	 * @return this loop
	 */
	public ReloadLoop withInitialChanges(List<FileChange> changes) {
		this.initialChanges.addAll(changes);
		return this;
	}

	/**
	 * Run the loop on the calling thread. The reloader must already be started.
	 */
	@Override
	public void run() {
		ChangeBatch.Builder pending = new ChangeBatch.Builder();
		FileSizes sizes = new FileSizes();
		Instant firstSeen = null;
		if (!this.initialChanges.isEmpty()) {
			pending.addAll(this.initialChanges);
			sizes.record(this.initialChanges);
			firstSeen = this.wallClock.get();
			this.quietPeriod.changed(this.nanoTime.getAsLong(), waitFor(pending));
		}
		try {
			while (this.running) {
				List<FileChange> changes = this.reloader.poll(nextWait());
				long now = this.nanoTime.getAsLong();
				if (!changes.isEmpty()) {
					if (pending.isEmpty()) {
						firstSeen = this.wallClock.get();
					}
					pending.addAll(changes);
					sizes.record(changes);
					this.quietPeriod.changed(now, waitFor(pending));
					continue;
				}
				if (this.quietPeriod.isPending() && !pending.isEmpty()) {
					applyBuildStatus(pending.build(), firstSeen);
				}
				if (this.quietPeriod.isOver(now)) {
					if (sizes.changedSinceRecorded()) {
						logger.debug("Waiting for files that are still being written");
						this.quietPeriod.changed(now);
					}
					else if (!pending.isEmpty() && !this.handler.isReady()) {
						this.quietPeriod.changed(now);
					}
					else {
						this.quietPeriod.reset();
						sizes.clear();
						ChangeBatch batch = pending.build();
						pending = new ChangeBatch.Builder();
						if (!batch.isEmpty() && !this.handler.handle(batch)) {
							this.running = false;
						}
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException ex) {
			if (this.running) {
				logger.error("Watching for file changes stopped with " + this.reloader.getName(), ex);
			}
		}
	}

	private void applyBuildStatus(ChangeBatch batch, Instant firstSeen) {
		switch (this.buildStatus.of(batch, firstSeen)) {
			case RUNNING -> this.quietPeriod.lengthen();
			case FINISHED -> this.quietPeriod.shorten();
			default -> {
			}
		}
	}

	private static QuietPeriod.Wait waitFor(ChangeBatch.Builder pending) {
		if (pending.isDeletionsOnly()) {
			return QuietPeriod.Wait.DELETIONS;
		}
		return pending.isClassFilesWrittenOnly() ? QuietPeriod.Wait.SHORT : QuietPeriod.Wait.FULL;
	}

	/**
	 * How long to wait for changes: until the quiet period ends, and no longer than the
	 * short period while a batch waits, so that the build's status is read that often.
	 */
	private Duration nextWait() {
		Duration remaining = this.quietPeriod.remaining(this.nanoTime.getAsLong(), IDLE_WAIT);
		if (this.buildStatus != BuildStatus.NONE && this.quietPeriod.isPending()) {
			Duration check = this.quietPeriod.getShortQuietPeriod();
			if (!check.isZero() && check.compareTo(remaining) < 0) {
				return check;
			}
		}
		return remaining;
	}

	/**
	 * Ask the loop to end after the current wait.
	 */
	public void stop() {
		this.running = false;
	}

	/**
	 * Receives each complete batch of changes.
	 */
	@FunctionalInterface
	public interface BatchHandler {

		/**
		 * Handle a batch.
		 * @param batch the changes seen since the previous batch, never empty
		 * @return {@code true} to go on watching, {@code false} to end the loop
		 */
		boolean handle(ChangeBatch batch);

		/**
		 * Return whether a batch may be handed over now. While it may not, the loop goes
		 * on collecting changes and asks again after each quiet period, for example to
		 * hold a restart until a running build has finished.
		 * @return {@code true} if {@link #handle(ChangeBatch)} may be called
		 */
		default boolean isReady() {
			return true;
		}

	}

}
