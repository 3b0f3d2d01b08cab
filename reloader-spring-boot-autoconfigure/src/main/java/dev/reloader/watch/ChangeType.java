package dev.reloader.watch;

/**
 * The kind of change seen on a watched file.
 *
 * @author Reloader contributors
 */
public enum ChangeType {

	/**
	 * The file did not exist before and exists now.
	 */
	ADDED,

	/**
	 * The file existed before and its modification time or size changed.
	 */
	MODIFIED,

	/**
	 * The file existed before and is gone now.
	 */
	DELETED

}
