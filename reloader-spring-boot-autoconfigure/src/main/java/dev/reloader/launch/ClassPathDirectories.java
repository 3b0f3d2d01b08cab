package dev.reloader.launch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Finds the directories on a class path: the ones worth watching, since jars do not change
 * while a developer edits code. A jar whose manifest has a {@code Class-Path} (a "pathing
 * jar", as IDEs write for long class paths) is followed one level. Directories holding test
 * classes are left out.
 *
 * @author Reloader contributors
 */
public final class ClassPathDirectories {

	private static final Log logger = LogFactory.getLog(ClassPathDirectories.class);

	private ClassPathDirectories() {
	}

	/**
	 * Return the directories among the given class path entries.
	 * @param entries the class path entries
	 * @return the existing directories, absolute and normalized, in class path order
	 */
	public static List<Path> of(List<Path> entries) {
		Set<Path> directories = new LinkedHashSet<>();
		for (Path entry : entries) {
			Path absolute = entry.toAbsolutePath().normalize();
			if (Files.isDirectory(absolute)) {
				addIfNotTestClasses(directories, absolute);
			}
			else if (absolute.toString().endsWith(".jar") && Files.isRegularFile(absolute)) {
				for (Path referenced : manifestClassPath(absolute)) {
					if (Files.isDirectory(referenced)) {
						addIfNotTestClasses(directories, referenced);
					}
				}
			}
		}
		return new ArrayList<>(directories);
	}

	private static void addIfNotTestClasses(Set<Path> directories, Path directory) {
		if (!isTestClasses(directory)) {
			directories.add(directory);
		}
	}

	static boolean isTestClasses(Path directory) {
		String path = directory.toString().replace('\\', '/');
		return path.endsWith("/test-classes") || path.endsWith("/classes/java/test")
				|| path.endsWith("/classes/kotlin/test") || path.endsWith("/resources/test");
	}

	private static List<Path> manifestClassPath(Path jar) {
		try (JarFile jarFile = new JarFile(jar.toFile())) {
			Manifest manifest = jarFile.getManifest();
			String classPath = (manifest != null) ? manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH)
					: null;
			if (classPath == null || classPath.isBlank()) {
				return List.of();
			}
			List<Path> paths = new ArrayList<>();
			for (String element : classPath.trim().split("\\s+")) {
				Path resolved = resolve(jar, element);
				if (resolved != null) {
					paths.add(resolved);
				}
			}
			return paths;
		}
		catch (IOException ex) {
			logger.debug("Could not read the manifest of " + jar, ex);
			return List.of();
		}
	}

	private static Path resolve(Path jar, String element) {
		try {
			URI base = jar.getParent().toUri();
			URI uri = base.resolve(element);
			return "file".equals(uri.getScheme()) ? Path.of(uri).normalize() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
