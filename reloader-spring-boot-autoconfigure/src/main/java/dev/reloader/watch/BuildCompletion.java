package dev.reloader.watch;

import java.time.Instant;

/**
 * Tells whether the build that made a batch of changes has finished, so that the batch
 * can be acted on without waiting the whole quiet period.
 *
 * @author Reloader contributors
 * @see MavenCompilerStatus
 */
@FunctionalInterface
public interface BuildCompletion {

	/**
	 * Never knows: every batch waits its whole quiet period.
	 */
	BuildCompletion NONE = (batch, firstSeen) -> false;

	/**
	 * Return whether the build that made the given changes is known to have finished
	 * writing. When in doubt, the answer is {@code false}.
	 * @param batch the pending changes
	 * @param firstSeen when the first of them was seen
	 * @return {@code true} if the build has finished
	 */
	boolean isFinished(ChangeBatch batch, Instant firstSeen);

}
