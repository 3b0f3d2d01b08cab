package dev.reloader.watch;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob pattern matched against a relative path with {@code /} as separator on every
 * platform. {@code *} and {@code ?} stay within one path segment, {@code **} crosses
 * segments, and {@code **}{@code /} also matches no directory at all, so
 * {@code **}{@code /*.properties} matches {@code app.properties} as well as
 * {@code config/app.properties}. {@code [abc]} and {@code {a,b}} work as usual.
 *
 * @author Reloader contributors
 */
final class Glob {

	private final String pattern;

	private final Pattern regex;

	private Glob(String pattern, Pattern regex) {
		this.pattern = pattern;
		this.regex = regex;
	}

	/**
	 * Compile a glob.
	 * @param pattern the glob
	 * @return the compiled glob
	 */
	static Glob of(String pattern) {
		Objects.requireNonNull(pattern, "'pattern' must not be null");
		return new Glob(pattern, Pattern.compile(toRegex(pattern)));
	}

	/**
	 * Return whether the given string holds a glob meta character.
	 * @param text a path or path segment
	 * @return {@code true} if the text is a pattern rather than a plain name
	 */
	static boolean isPattern(String text) {
		for (int i = 0; i < text.length(); i++) {
			if ("*?[{".indexOf(text.charAt(i)) >= 0) {
				return true;
			}
		}
		return false;
	}

	boolean matches(Path relative) {
		return matches(relative.toString().replace('\\', '/'));
	}

	boolean matches(String relative) {
		return this.regex.matcher(relative).matches();
	}

	boolean hasSeparator() {
		return this.pattern.indexOf('/') >= 0;
	}

	private static String toRegex(String glob) {
		StringBuilder regex = new StringBuilder();
		boolean inGroup = false;
		int i = 0;
		while (i < glob.length()) {
			char c = glob.charAt(i);
			if (c == '*' && glob.startsWith("**/", i)) {
				regex.append("(?:.*/)?");
				i += 3;
				continue;
			}
			if (c == '*' && glob.startsWith("**", i)) {
				regex.append(".*");
				i += 2;
				continue;
			}
			switch (c) {
				case '*' -> regex.append("[^/]*");
				case '?' -> regex.append("[^/]");
				case '{' -> {
					regex.append("(?:");
					inGroup = true;
				}
				case '}' -> {
					regex.append(inGroup ? ")" : "\\}");
					inGroup = false;
				}
				case ',' -> regex.append(inGroup ? "|" : ",");
				case '[' -> {
					int end = glob.indexOf(']', i + 1);
					if (end < 0) {
						regex.append("\\[");
					}
					else {
						String set = glob.substring(i + 1, end);
						regex.append('[').append(set.startsWith("!") ? "^" + quoteSet(set.substring(1)) : quoteSet(set))
							.append(']');
						i = end;
					}
				}
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
			i++;
		}
		return regex.toString();
	}

	private static String quoteSet(String set) {
		return set.replace("\\", "\\\\").replace("[", "\\[").replace("^", "\\^").replace("&", "\\&");
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
