package dev.reloader.launch.standby;

/**
 * Thrown when a rehearsal left something of the application in the standby's JVM that
 * the real run would find: a class of the application in the system class loader, where
 * the real run would find it instead of the class file as it is then, or a thread that a
 * bean of the rehearsal started and that did not end. The standby must then never run
 * the application, and later standbys should not rehearse it.
 *
 * @author Reloader contributors
 */
final class StaleStandbyException extends IllegalStateException {

	StaleStandbyException(String message) {
		super(message);
	}

}
