package dev.reloader.watch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A {@link Reloader} for tests that runs on simulated time: each poll advances a clock by
 * one tick interval (or less, if the caller waits less), runs the file actions scheduled
 * up to then, and asks a tick function for the changes. With a {@link StatReloader}'s
 * {@link StatReloader#tick()} as the tick function, real files are compared tick by tick
 * without any sleeping. Once every action has run and the loop waits idly, the loop is
 * stopped.
 */
final class SteppedReloader implements Reloader, LongSupplier {

	/**
	 * The simulated wall-clock time at which the loop starts.
	 */
	static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

	private final Tick tick;

	private final long tickNanos;

	private final TreeMap<Long, List<Action>> actions = new TreeMap<>();

	private long now;

	private ReloadLoop loop;

	SteppedReloader(Tick tick, Duration tickInterval) {
		this.tick = tick;
		this.tickNanos = tickInterval.toNanos();
	}

	static SteppedReloader of(StatReloader reloader, Duration tickInterval) {
		return new SteppedReloader(reloader::tick, tickInterval);
	}

	SteppedReloader at(Duration time, Action action) {
		this.actions.computeIfAbsent(time.toNanos(), (key) -> new ArrayList<>()).add(action);
		return this;
	}

	ReloadLoop loop(QuietPeriod quietPeriod, ReloadLoop.BatchHandler handler) {
		this.loop = new ReloadLoop(this, quietPeriod, handler, this, this::wallClock);
		return this.loop;
	}

	/**
	 * Return the simulated wall-clock time: {@link #START} plus the time elapsed.
	 * @return the time
	 */
	Instant wallClock() {
		return START.plusNanos(this.now);
	}

	@Override
	public long getAsLong() {
		return this.now;
	}

	Duration elapsed() {
		return Duration.ofNanos(this.now);
	}

	@Override
	public String getName() {
		return "SteppedReloader";
	}

	@Override
	public void start() {
	}

	@Override
	public List<FileChange> poll(Duration timeout) throws IOException {
		if (this.actions.isEmpty() && timeout.compareTo(Duration.ofSeconds(10)) > 0) {
			this.loop.stop();
			return List.of();
		}
		this.now += Math.min(timeout.toNanos(), this.tickNanos);
		while (!this.actions.isEmpty() && this.actions.firstKey() <= this.now) {
			Map.Entry<Long, List<Action>> due = this.actions.pollFirstEntry();
			for (Action action : due.getValue()) {
				action.run();
			}
		}
		return this.tick.changes();
	}

	@Override
	public String describe() {
		return "simulated";
	}

	@FunctionalInterface
	interface Tick {

		List<FileChange> changes() throws IOException;

	}

	@FunctionalInterface
	interface Action {

		void run() throws IOException;

	}

}
