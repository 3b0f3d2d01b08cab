package dev.reloader.watch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One change to one watched file.
 *
 * @param path the absolute, normalized path of the file
 * @param type what happened to it
 * @author Reloader contributors
 */
public record FileChange(Path path, ChangeType type) {

	public FileChange {
		Objects.requireNonNull(path, "'path' must not be null");
		Objects.requireNonNull(type, "'type' must not be null");
	}

	@Override
	public String toString() {
		return this.type.name().toLowerCase(Locale.ROOT) + " " + this.path;
	}

}
