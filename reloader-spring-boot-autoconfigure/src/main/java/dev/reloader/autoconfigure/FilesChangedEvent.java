package dev.reloader.autoconfigure;


import dev.reloader.watch.ChangeBatch;

import org.springframework.context.ApplicationEvent;

/**
 * Published in the application before a restart, with every change seen since the
 * previous batch, and also for changes that do not cause a restart (excluded files).
 * Like Django's {@code file_changed} signal, a listener can {@link #veto()} the restart,
 * for example after it has cleared a template cache itself.
 *
 * @author Reloader contributors
 */
public class FilesChangedEvent extends ApplicationEvent {

	private final ChangeBatch changes;

	private final ChangeBatch restartingChanges;

	private volatile boolean vetoed;

	/**
	 * Create a new event.
	 * @param source the reloader that saw the changes
	 * @param changes every change of the batch
	 * @param restartingChanges the changes that are not excluded and so cause a restart
	 */
	public FilesChangedEvent(Object source, ChangeBatch changes, ChangeBatch restartingChanges) {
		super(source);
		this.changes = changes;
		this.restartingChanges = restartingChanges;
	}

	/**
	 * Return every change of the batch, excluded or not.
	 * @return the changes
	 */
	public ChangeBatch getChanges() {
		return this.changes;
	}

	/**
	 * Return the changes that cause a restart unless vetoed; empty if every change was
	 * excluded.
	 * @return the changes that are not excluded
	 */
	public ChangeBatch getRestartingChanges() {
		return this.restartingChanges;
	}

	/**
	 * Return whether this batch restarts the application unless vetoed.
	 * @return whether a change that is not excluded was seen
	 */
	public boolean isRestartPending() {
		return !this.restartingChanges.isEmpty();
	}

	/**
	 * Veto the restart for this batch. The batch is not reported again.
	 */
	public void veto() {
		this.vetoed = true;
	}

	public boolean isVetoed() {
		return this.vetoed;
	}

}
