package dev.reloader.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * Tracks the quiet period that must pass after the last change before a batch of changes
 * is acted on. Every change restarts the period, so a build that writes files for a while
 * ends in a single batch. While every pending change is a deletion, the longer deletion
 * quiet period applies instead: builds and IDEs delete stale class files a second or two
 * before they write the new ones, and a restart in between would find classes missing.
 * Times are {@link System#nanoTime()} values passed in by the caller, so the logic can be
 * stepped in tests.
 *
 * @author Reloader contributors
 */
public final class QuietPeriod {

	private final long quietNanos;

	private final long deletionQuietNanos;

	private boolean pending;

	private long deadline;

	/**
	 * Create a period that treats deletions like any other change.
	 * @param quietPeriod how long to wait after the last change
	 */
	public QuietPeriod(Duration quietPeriod) {
		this(quietPeriod, quietPeriod);
	}

	/**
	 * Create a period.
	 * @param quietPeriod how long to wait after the last change
	 * @param deletionQuietPeriod how long to wait after the last change while every
	 * pending change is a deletion; a shorter value than {@code quietPeriod} has no effect
	 */
	public QuietPeriod(Duration quietPeriod, Duration deletionQuietPeriod) {
		this.quietNanos = requireNotNegative("quietPeriod", quietPeriod).toNanos();
		this.deletionQuietNanos = Math.max(this.quietNanos,
				requireNotNegative("deletionQuietPeriod", deletionQuietPeriod).toNanos());
	}

	private static Duration requireNotNegative(String name, Duration value) {
		Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
		if (value.isNegative()) {
			throw new IllegalArgumentException("'" + name + "' must not be negative, was " + value);
		}
		return value;
	}

	/**
	 * Record a change seen at the given time; the period starts again from there.
	 * @param now the current {@link System#nanoTime()}
	 */
	public void changed(long now) {
		changed(now, false);
	}

	/**
	 * Record a change seen at the given time; the period starts again from there.
	 * @param now the current {@link System#nanoTime()}
	 * @param deletionsOnly whether every pending change is a deletion
	 */
	public void changed(long now, boolean deletionsOnly) {
		this.pending = true;
		this.deadline = now + (deletionsOnly ? this.deletionQuietNanos : this.quietNanos);
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
