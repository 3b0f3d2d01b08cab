package dev.reloader.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Moves long class and module paths of a {@code java} command line into a
 * {@code @argument} file, which the {@code java} launcher reads since Java 9. Without it,
 * a child could not be started where the command line is limited: to 32,767 characters
 * on Windows, and to 128 KB per argument on Linux. IDEs shorten such command lines the
 * same way, so the JVM that became the supervisor may have been launched like that.
 * <p>
 * The files are named after their content and reused, in a directory of the temporary
 * directory that is deleted when the supervisor exits.
 *
 * @author Reloader contributors
 */
public final class ArgumentFile {

	/**
	 * Command lines at least this long (in characters, all arguments together) are
	 * shortened: below Windows' limit, with room for the environment's paths.
	 */
	static final int LIMIT = 30_000;

	private static final Set<String> PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path", "-p",
			"--module-path");

	private static Path directory;

	private ArgumentFile() {
	}

	/**
	 * Return the command line to start, with its class and module paths moved into an
	 * argument file when it is {@link #LIMIT too long}.
	 * @param commandLine the command line
	 * @return the command line itself, or a shorter one that reads an argument file
	 * @throws IOException if the argument file cannot be written
	 */
	public static List<String> shorten(List<String> commandLine) throws IOException {
		if (length(commandLine) < LIMIT) {
			return commandLine;
		}
		int start = findPathOptions(commandLine);
		if (start < 0) {
			return commandLine;
		}
		StringBuilder content = new StringBuilder();
		int end = start;
		while (end + 1 < commandLine.size() && PATH_OPTIONS.contains(commandLine.get(end))) {
			content.append(commandLine.get(end)).append('\n').append(quote(commandLine.get(end + 1))).append('\n');
			end += 2;
		}
		List<String> shortened = new ArrayList<>(commandLine.subList(0, start));
		shortened.add("@" + write(content.toString()));
		shortened.addAll(commandLine.subList(end, commandLine.size()));
		return shortened;
	}

	/**
	 * Return where the class and module path options start: the first of them after the
	 * executable and before {@code -jar} or {@code -m}, which the rest of the command line
	 * (the main class and the program's arguments) follows.
	 */
	private static int findPathOptions(List<String> commandLine) {
		for (int i = 1; i < commandLine.size(); i++) {
			String argument = commandLine.get(i);
			if (argument.equals("-jar") || argument.equals("-m") || argument.equals("--module")) {
				return -1;
			}
			if (PATH_OPTIONS.contains(argument)) {
				return (i + 1 < commandLine.size()) ? i : -1;
			}
		}
		return -1;
	}

	/**
	 * Quote an argument for an argument file: in double quotes, with backslashes and
	 * double quotes escaped by a backslash.
	 * @param argument the argument
	 * @return the quoted argument
	 */
	static String quote(String argument) {
		return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

	private static int length(List<String> commandLine) {
		int length = 0;
		for (String argument : commandLine) {
			length += argument.length() + 1;
		}
		return length;
	}

	private static synchronized Path write(String content) throws IOException {
		if (directory == null || !Files.isDirectory(directory)) {
			directory = Files.createTempDirectory("reloader-arguments-");
			Path created = directory;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(created), "reloader-arguments-cleanup"));
		}
		Path file = directory.resolve("java-" + hash(content) + ".args");
		if (!Files.exists(file)) {
			Path temporary = Files.createTempFile(directory, "java-", ".tmp");
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		return file;
	}

	private static void deleteAll(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			// Only a leftover in the temporary directory
		}
	}

	private static String hash(String content) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)), 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
