package dev.reloader.autoconfigure;

import dev.reloader.watch.ChangeBatch;

/**
 * A bean that can stop a batch of changes from restarting the application, the way
 * Django's {@code file_changed} signal handlers can.
 *
 * @author Reloader contributors
 */
@FunctionalInterface
public interface ReloadVeto {

	/**
	 * A veto that never stops a restart.
	 */
	ReloadVeto NONE = (changes) -> false;

	/**
	 * Return whether the given changes must not restart the application.
	 * @param changes the changes that would cause the restart
	 * @return {@code true} to veto the restart
	 */
	boolean vetoes(ChangeBatch changes);

}
