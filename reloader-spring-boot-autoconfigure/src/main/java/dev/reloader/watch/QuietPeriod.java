package dev.reloader.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * Tracks the quiet period that must pass after the last change before a batch of changes
 * is acted on. Every change restarts the period, so a build that writes files for a while
 * ends in a single batch. How long the period is depends on what the pending changes look
 * like ({@link Wait}): while every pending change is a deletion, the longer deletion quiet
 * period applies: builds and IDEs delete stale class files a second or two before they
 * write the new ones, and a restart in between would find classes missing. A batch that
 * cannot be a build half done (class files written with no deletion, as an IDE's
 * incremental build writes them, or the output of a build that is known to have
 * finished) waits only the short quiet period; a batch that a build still running makes
 * waits up to the deletion quiet period. Times are {@link System#nanoTime()} values
 * passed in by the caller, so the logic can be stepped in tests.
 *
 * @author Reloader contributors
 */
public final class QuietPeriod {

	private final long quietNanos;

	private final long deletionQuietNanos;

	private final long shortQuietNanos;

	private boolean pending;

	private long lastChange;

	private long waitNanos;

	/**
	 * Create a period that treats every change alike.
	 * @param quietPeriod how long to wait after the last change
	 */
	public QuietPeriod(Duration quietPeriod) {
		this(quietPeriod, quietPeriod);
	}

	/**
	 * Create a period with no short wait.
	 * @param quietPeriod how long to wait after the last change
	 * @param deletionQuietPeriod how long to wait after the last change while every
	 * pending change is a deletion; a shorter value than {@code quietPeriod} has no effect
	 */
	public QuietPeriod(Duration quietPeriod, Duration deletionQuietPeriod) {
		this(quietPeriod, deletionQuietPeriod, quietPeriod);
	}

	/**
	 * Create a period.
	 * @param quietPeriod how long to wait after the last change
	 * @param deletionQuietPeriod how long to wait after the last change while every
	 * pending change is a deletion; a shorter value than {@code quietPeriod} has no effect
	 * @param shortQuietPeriod how long to wait after the last change when the changes
	 * cannot be a build half done; a longer value than {@code quietPeriod} has no effect
	 */
	public QuietPeriod(Duration quietPeriod, Duration deletionQuietPeriod, Duration shortQuietPeriod) {
		this.quietNanos = requireNotNegative("quietPeriod", quietPeriod).toNanos();
		this.deletionQuietNanos = Math.max(this.quietNanos,
				requireNotNegative("deletionQuietPeriod", deletionQuietPeriod).toNanos());
		this.shortQuietNanos = Math.min(this.quietNanos,
				requireNotNegative("shortQuietPeriod", shortQuietPeriod).toNanos());
	}

	private static Duration requireNotNegative(String name, Duration value) {
		Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
		if (value.isNegative()) {
			throw new IllegalArgumentException("'" + name + "' must not be negative, was " + value);
		}
		return value;
	}

	/**
	 * Record a change seen at the given time; the full period starts again from there.
	 * @param now the current {@link System#nanoTime()}
	 */
	public void changed(long now) {
		changed(now, Wait.FULL);
	}

	/**
	 * Record a change seen at the given time; the period starts again from there.
	 * @param now the current {@link System#nanoTime()}
	 * @param deletionsOnly whether every pending change is a deletion
	 */
	public void changed(long now, boolean deletionsOnly) {
		changed(now, deletionsOnly ? Wait.DELETIONS : Wait.FULL);
	}

	/**
	 * Record a change seen at the given time; the period starts again from there.
	 * @param now the current {@link System#nanoTime()}
	 * @param wait which period the pending changes call for
	 */
	public void changed(long now, Wait wait) {
		this.pending = true;
		this.lastChange = now;
		this.waitNanos = switch (wait) {
			case SHORT -> this.shortQuietNanos;
			case FULL -> this.quietNanos;
			case DELETIONS -> this.deletionQuietNanos;
		};
	}

	/**
	 * Shorten the period of the pending changes to the short one, counted from the last
	 * change, for example once the build that made them has finished. A later change
	 * decides the period again.
	 */
	public void shorten() {
		this.waitNanos = Math.min(this.waitNanos, this.shortQuietNanos);
	}

	/**
	 * Lengthen the period of the pending changes to the deletion period, counted from the
	 * last change, for example while the build that makes them is known to run. A later
	 * change decides the period again.
	 */
	public void lengthen() {
		this.waitNanos = Math.max(this.waitNanos, this.deletionQuietNanos);
	}

	/**
	 * Return whether the pending changes wait only the short period.
	 * @return whether changes are pending and their period is the short one
	 */
	public boolean isShort() {
		return this.pending && this.waitNanos <= this.shortQuietNanos;
	}

	/**
	 * Return the short period.
	 * @return how long changes that cannot be a build half done wait
	 */
	public Duration getShortQuietPeriod() {
		return Duration.ofNanos(this.shortQuietNanos);
	}

	/**
	 * Return whether changes are waiting for the period to end.
	 * @return whether a change was recorded since the last {@link #reset()}
	 */
	public boolean isPending() {
		return this.pending;
	}

	/**
	 * Return whether changes are waiting and the period has passed without another one.
	 * @param now the current {@link System#nanoTime()}
	 * @return {@code true} if the waiting changes should be acted on now
	 */
	public boolean isOver(long now) {
		return this.pending && now - this.lastChange - this.waitNanos >= 0;
	}

	/**
	 * Return how long to wait for the period to end, or {@code fallback} when no change
	 * is waiting.
	 * @param now the current {@link System#nanoTime()}
	 * @param fallback the wait to use when nothing is pending
	 * @return the time left, never negative
	 */
	public Duration remaining(long now, Duration fallback) {
		if (!this.pending) {
			return fallback;
		}
		return Duration.ofNanos(Math.max(0, this.lastChange + this.waitNanos - now));
	}

	public void reset() {
		this.pending = false;
	}

	/**
	 * Which period pending changes wait.
	 */
	public enum Wait {

		/**
		 * The short period: the changes cannot be a build half done.
		 */
		SHORT,

		/**
		 * The quiet period.
		 */
		FULL,

		/**
		 * The deletion quiet period: every pending change is a deletion.
		 */
		DELETIONS

	}

}
