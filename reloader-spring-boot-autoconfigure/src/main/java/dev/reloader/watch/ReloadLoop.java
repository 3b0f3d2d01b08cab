package dev.reloader.watch;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The tick loop: asks a {@link Reloader} for changes, waits for a {@link QuietPeriod}
 * after the last one, and hands every complete batch to a {@link BatchHandler}. Runs on
 * the thread that calls {@link #run()} until {@link #stop()} or until the handler asks it
 * to stop.
 *
 * @author Reloader contributors
 */
public final class ReloadLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(ReloadLoop.class);

	private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

	private final Reloader reloader;

	private final QuietPeriod quietPeriod;

	private final BatchHandler handler;

	private volatile boolean running = true;

	public ReloadLoop(Reloader reloader, Duration quietPeriod, BatchHandler handler) {
		this.reloader = Objects.requireNonNull(reloader, "'reloader' must not be null");
		this.quietPeriod = new QuietPeriod(quietPeriod);
		this.handler = Objects.requireNonNull(handler, "'handler' must not be null");
	}

	/**
	 * Run the loop on the calling thread. The reloader must already be started.
	 */
	@Override
	public void run() {
		ChangeBatch.Builder pending = new ChangeBatch.Builder();
		try {
			while (this.running) {
				List<FileChange> changes = this.reloader.poll(this.quietPeriod.remaining(System.nanoTime(), IDLE_WAIT));
				long now = System.nanoTime();
				if (!changes.isEmpty()) {
					pending.addAll(changes);
					this.quietPeriod.changed(now);
				}
				else if (this.quietPeriod.isOver(now)) {
					this.quietPeriod.reset();
					ChangeBatch batch = pending.build();
					pending = new ChangeBatch.Builder();
					if (!batch.isEmpty() && !this.handler.handle(batch)) {
						this.running = false;
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

	}

}
