package library.catalog;

/**
 * Thrown when what a page asks for does not exist.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String what, Object id) {
		super("No " + what + " with id " + id);
	}

}
