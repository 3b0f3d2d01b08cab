package dev.reloader.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * Tracks the quiet period that must pass after the last change before a batch of changes
 * is acted on. Every change restarts the period, so a build that writes files for a while
 * ends in a single batch. Times are {@link System#nanoTime()} values passed in by the
 * caller, so the logic can be stepped in tests.
 *
 * @author Reloader contributors
 */
public final class QuietPeriod {

	private final long quietNanos;

	private boolean pending;

	private long deadline;

	public QuietPeriod(Duration quietPeriod) {
		Objects.requireNonNull(quietPeriod, "'quietPeriod' must not be null");
		if (quietPeriod.isNegative()) {
			throw new IllegalArgumentException("'quietPeriod' must not be negative, was " + quietPeriod);
		}
		this.quietNanos = quietPeriod.toNanos();
	}

	/**
	 * Record a change seen at the given time; the period starts again from there.
	 * @param now the current {@link System#nanoTime()}
	 */
	public void changed(long now) {
		this.pending = true;
		this.deadline = now + this.quietNanos;
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
		return this.pending && now - this.deadline >= 0;
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
		return Duration.ofNanos(Math.max(0, this.deadline - now));
	}

	public void reset() {
		this.pending = false;
	}

}
