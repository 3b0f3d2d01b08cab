package dev.reloader.watch;

import java.time.Instant;

/**
 * Tells what the build that makes a batch of changes is doing, so that the batch waits
 * while the build runs and no longer than needed once it has finished.
 *
 * @author Reloader contributors
 * @see MavenCompilerStatus
 */
@FunctionalInterface
public interface BuildStatus {

	/**
	 * Never knows: every batch waits the quiet period its changes call for.
	 */
	BuildStatus NONE = (batch, firstSeen) -> State.UNKNOWN;

	/**
	 * Return what the build that made the given changes is doing. When in doubt, the
	 * answer is {@link State#UNKNOWN}.
	 * @param batch the pending changes
	 * @param firstSeen when the first of them was seen
	 * @return the build's state
	 */
	State of(ChangeBatch batch, Instant firstSeen);

	/**
	 * What a build is doing.
	 */
	enum State {

		/**
		 * A build is still writing: the batch waits up to the deletion quiet period.
		 */
		RUNNING,

		/**
		 * The build that made the changes has finished writing: the batch waits only the
		 * short quiet period.
		 */
		FINISHED,

		/**
		 * Nothing is known: the batch waits the quiet period its changes call for.
		 */
		UNKNOWN

	}

}
