package dev.reloader.autoconfigure;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the sources that changed while the application was not running: source files
 * newer than what was compiled (or copied) from them into the class directories.
 * <p>
 * A source's output is found by its path below its source root ({@code src/main/java}
 * and the like, the part of a {@code reloader.build.watch} pattern before its first
 * wildcard): {@code com/example/Foo.java} compiles to {@code com/example/Foo.class}, a
 * Kotlin file to {@code Foo.class} or {@code FooKt.class}, and a resource is copied under
 * its own name. A Java source with no class at all has never been compiled and counts
 * too; a Kotlin source or a resource with no output is left alone, since its output may
 * legitimately be named otherwise or not be copied.
 *
 * @author Reloader contributors
 */
final class OutdatedClasses {

	private static final Set<String> COMPILED = Set.of("java", "kt", "groovy", "scala");

	private OutdatedClasses() {
	}

	/**
	 * Return the sources newer than their output.
	 * @param patterns the {@code reloader.build.watch} patterns
	 * @param workingDirectory the directory the patterns are relative to
	 * @param classDirectories the class directories of the application
	 * @return the outdated sources
	 */
	static List<Path> find(List<String> patterns, Path workingDirectory, List<Path> classDirectories) {
		Set<Path> roots = new LinkedHashSet<>();
		for (String pattern : patterns) {
			Path root = root(pattern, workingDirectory);
			if (root != null && Files.isDirectory(root)) {
				roots.add(root);
			}
		}
		List<Path> outdated = new ArrayList<>();
		for (Path root : roots) {
			try {
				Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
						new SimpleFileVisitor<>() {

							@Override
							public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
								if (attributes.isRegularFile()
										&& isOutdated(root.relativize(file), attributes.lastModifiedTime(),
												classDirectories)) {
									outdated.add(file);
								}
								return FileVisitResult.CONTINUE;
							}

							@Override
							public FileVisitResult visitFileFailed(Path file, IOException ex) {
								return FileVisitResult.CONTINUE;
							}

						});
			}
			catch (IOException ex) {
				// Not thrown by this visitor
			}
		}
		return outdated;
	}

	private static Path root(String pattern, Path workingDirectory) {
		String normalized = pattern.replace('\\', '/');
		int wildcard = firstWildcard(normalized);
		String prefix = normalized.substring(0, wildcard);
		int slash = prefix.lastIndexOf('/');
		String directory = (wildcard < normalized.length()) ? ((slash >= 0) ? prefix.substring(0, slash) : "")
				: normalized;
		return directory.isEmpty() ? null : workingDirectory.resolve(directory).toAbsolutePath().normalize();
	}

	private static int firstWildcard(String pattern) {
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == '{') {
				return i;
			}
		}
		return pattern.length();
	}

	private static boolean isOutdated(Path relative, FileTime modified, List<Path> classDirectories) {
		String name = relative.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String extension = (dot > 0) ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
		if (!COMPILED.contains(extension)) {
			FileTime output = newestOutput(classDirectories, relative);
			return output != null && output.compareTo(modified) < 0;
		}
		String base = name.substring(0, dot);
		if (base.equals("package-info")) {
			return false;
		}
		Path parent = relative.getParent();
		List<Path> candidates = new ArrayList<>();
		candidates.add(resolve(parent, base + ".class"));
		if (extension.equals("kt")) {
			candidates.add(resolve(parent, base + "Kt.class"));
		}
		FileTime output = null;
		for (Path candidate : candidates) {
			FileTime time = newestOutput(classDirectories, candidate);
			if (time != null && (output == null || time.compareTo(output) > 0)) {
				output = time;
			}
		}
		if (output == null) {
			return extension.equals("java");
		}
		return output.compareTo(modified) < 0;
	}

	private static Path resolve(Path parent, String name) {
		return (parent != null) ? parent.resolve(name) : Path.of(name);
	}

	private static FileTime newestOutput(List<Path> classDirectories, Path relative) {
		FileTime newest = null;
		for (Path directory : classDirectories) {
			try {
				FileTime time = Files.getLastModifiedTime(directory.resolve(relative.toString()));
				if (newest == null || time.compareTo(newest) > 0) {
					newest = time;
				}
			}
			catch (IOException ex) {
				// No output in this directory
			}
		}
		return newest;
	}

}
