package dev.reloader.watch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path to watch as a user writes it: a file, a directory, or a directory followed by a
 * glob, such as {@code config/*.yml} or {@code ../shared/**}{@code /*.properties}. The
 * leading segments without glob characters form the {@link #root() root}; the rest, if
 * any, is the {@link #include() include} glob relative to it.
 *
 * @param root the file or directory, absolute and normalized
 * @param include the glob relative to the root, or {@code null} for a plain path
 * @author Reloader contributors
 */
public record PathPattern(Path root, String include) {

	public PathPattern {
		Objects.requireNonNull(root, "'root' must not be null");
	}

	/**
	 * Parse a path or pattern.
	 * @param base the directory a relative path is resolved against
	 * @param text the path or pattern, with {@code /} (or on Windows {@code \}) between
	 * segments
	 * @return the parsed pattern
	 */
	public static PathPattern parse(Path base, String text) {
		Objects.requireNonNull(base, "'base' must not be null");
		Objects.requireNonNull(text, "'text' must not be null");
		String normalized = text.strip().replace('\\', '/');
		if (normalized.isEmpty()) {
			throw new IllegalArgumentException("'text' must not be blank");
		}
		String[] segments = normalized.split("/", -1);
		List<String> literal = new ArrayList<>();
		int i = 0;
		while (i < segments.length && !Glob.isPattern(segments[i])) {
			literal.add(segments[i]);
			i++;
		}
		String rootText = String.join("/", literal);
		if (rootText.isEmpty() && normalized.startsWith("/")) {
			rootText = "/";
		}
		Path root = base.resolve(rootText.isEmpty() ? "." : rootText).toAbsolutePath().normalize();
		if (i == segments.length) {
			return new PathPattern(root, null);
		}
		StringBuilder include = new StringBuilder();
		for (int j = i; j < segments.length; j++) {
			include.append((j > i) ? "/" : "").append(segments[j]);
		}
		return new PathPattern(root, include.toString());
	}

}
