package dev.reloader.launch.standby;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The class loader of a rehearsal: loads the classes and resources of the class path
 * directories itself (child first), and everything else, the jars, through the system
 * class loader. The application's classes it defines are dropped with it, so the real run
 * after go loads them afresh, from the class files as they are then; the jars' classes it
 * warmed are the ones the real run uses.
 *
 * @author Reloader contributors
 */
final class RehearsalClassLoader extends URLClassLoader {

	static {
		registerAsParallelCapable();
	}

	private static final String OWN_PACKAGES = "dev.reloader";

	private final List<Path> directories;

	private RehearsalClassLoader(URL[] urls, List<Path> directories, ClassLoader parent) {
		super("reloader-rehearsal", urls, parent);
		this.directories = directories;
	}

	/**
	 * Create a class loader for the directories of the JVM's class path, leaving out the
	 * one the given class comes from (the reloader's own classes, when they are in a
	 * directory, are shared with the real run).
	 * @param own a class of the reloader
	 * @param parent the system class loader
	 * @return the class loader
	 */
	static RehearsalClassLoader forClassPathDirectories(Class<?> own, ClassLoader parent) {
		Path ownLocation = location(own);
		List<Path> directories = new ArrayList<>();
		List<URL> urls = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
			if (entry.isEmpty()) {
				continue;
			}
			Path path = Path.of(entry).toAbsolutePath().normalize();
			if (Files.isDirectory(path) && !path.equals(ownLocation)) {
				try {
					urls.add(path.toUri().toURL());
					directories.add(path);
				}
				catch (MalformedURLException ex) {
					throw new IllegalStateException("Cannot use class path directory " + path, ex);
				}
			}
		}
		return new RehearsalClassLoader(urls.toArray(URL[]::new), List.copyOf(directories), parent);
	}

	/**
	 * Return the packages of the class path directories that the parent has defined,
	 * which it does when it loads one of their classes. The reloader's own packages are
	 * left out: its classes are shared with the real run on purpose.
	 * @return the names of those packages
	 */
	Set<String> packagesDefinedByParent() {
		Set<String> defined = new TreeSet<>();
		for (Path directory : this.directories) {
			try (Stream<Path> files = Files.walk(directory)) {
				files.filter((file) -> file.getFileName().toString().endsWith(".class"))
					.map((file) -> directory.relativize(file).getParent())
					.filter(Objects::nonNull)
					.map((folder) -> folder.toString().replace(File.separatorChar, '.'))
					.distinct()
					.filter((name) -> !name.equals(OWN_PACKAGES) && !name.startsWith(OWN_PACKAGES + "."))
					.filter((name) -> getParent().getDefinedPackage(name) != null)
					.forEach(defined::add);
			}
			catch (IOException | UncheckedIOException ex) {
				// A directory that went away holds no classes
			}
		}
		return defined;
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		synchronized (getClassLoadingLock(name)) {
			Class<?> type = findLoadedClass(name);
			if (type == null) {
				try {
					type = findClass(name);
				}
				catch (ClassNotFoundException ex) {
					return super.loadClass(name, resolve);
				}
			}
			if (resolve) {
				resolveClass(type);
			}
			return type;
		}
	}

	@Override
	public URL getResource(String name) {
		URL own = findResource(name);
		return (own != null) ? own : super.getResource(name);
	}

	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		// The parent sees the directories too: each resource once, the directories' first
		Set<URL> resources = new LinkedHashSet<>(Collections.list(findResources(name)));
		resources.addAll(Collections.list(getParent().getResources(name)));
		return Collections.enumeration(resources);
	}

	private static Path location(Class<?> type) {
		try {
			CodeSource source = type.getProtectionDomain().getCodeSource();
			return (source != null) ? Path.of(source.getLocation().toURI()).toAbsolutePath().normalize() : null;
		}
		catch (URISyntaxException | RuntimeException ex) {
			return null;
		}
	}

}
