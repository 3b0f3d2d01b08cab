package dev.reloader.launch.standby;

/**
 * Thrown when a rehearsal left a class of the application in the system class loader,
 * where the real run would find it instead of the class file as it is then. The standby
 * must then never run the application.
 *
 * @author Reloader contributors
 */
final class StaleStandbyException extends IllegalStateException {

	StaleStandbyException(String message) {
		super(message);
	}

}
