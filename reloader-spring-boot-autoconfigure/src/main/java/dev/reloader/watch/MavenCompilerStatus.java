package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sees the end of a Maven build in the status files of the maven-compiler-plugin. Beside
 * a class directory such as {@code target/classes}, the plugin writes
 * {@code target/maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst}
 * before it deletes the old class files and {@code createdFiles.lst} once javac has
 * written the new ones. A batch is finished when, for every class directory it changed,
 * {@code createdFiles.lst} was written after the batch's first change was seen, after
 * every file the batch wrote there, and after {@code inputFiles.lst} (no other compile
 * has started since). The files are read only while a batch waits, a few stats each
 * time; nothing is watched. A file system with coarse timestamps, or a build without the
 * plugin, simply never looks finished.
 *
 * @author Reloader contributors
 */
public final class MavenCompilerStatus implements BuildCompletion {

	private static final String STATUS = "maven-status/maven-compiler-plugin";

	private final List<Path> classDirectories;

	/**
	 * Create a new instance.
	 * @param classDirectories the watched class directories
	 */
	public MavenCompilerStatus(List<Path> classDirectories) {
		this.classDirectories = List.copyOf(classDirectories);
	}

	@Override
	public boolean isFinished(ChangeBatch batch, Instant firstSeen) {
		List<Path> directories = new ArrayList<>();
		for (FileChange change : batch.getChanges()) {
			Path directory = classDirectoryOf(change.path());
			if (directory == null) {
				return false;
			}
			if (!directories.contains(directory)) {
				directories.add(directory);
			}
		}
		try {
			for (Path directory : directories) {
				if (!isFinished(directory, batch, firstSeen)) {
					return false;
				}
			}
			return !directories.isEmpty();
		}
		catch (IOException ex) {
			return false;
		}
	}

	private boolean isFinished(Path directory, ChangeBatch batch, Instant firstSeen) throws IOException {
		Path status = statusOf(directory);
		if (status == null || !Files.isRegularFile(status.resolve("createdFiles.lst"))) {
			return false;
		}
		Path created = status.resolve("createdFiles.lst");
		Instant finished = Files.getLastModifiedTime(created).toInstant();
		if (!finished.isAfter(firstSeen) || !finished.isAfter(modified(status.resolve("inputFiles.lst")))) {
			return false;
		}
		for (FileChange change : batch.getChanges()) {
			if (change.type() != ChangeType.DELETED && change.path().startsWith(directory)
					&& !finished.isAfter(modified(change.path()))) {
				return false;
			}
		}
		return true;
	}

	private static Instant modified(Path file) throws IOException {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (NoSuchFileException ex) {
			return Instant.MIN;
		}
	}

	/**
	 * Return the status directory of the compile that writes a class directory:
	 * {@code compile/default-compile} beside {@code classes},
	 * {@code testCompile/default-testCompile} beside {@code test-classes}.
	 */
	private static Path statusOf(Path directory) {
		Path parent = directory.getParent();
		if (parent == null) {
			return null;
		}
		String execution = "test-classes".equals(String.valueOf(directory.getFileName()))
				? "testCompile/default-testCompile" : "compile/default-compile";
		return parent.resolve(STATUS).resolve(execution);
	}

	private Path classDirectoryOf(Path file) {
		Path found = null;
		for (Path directory : this.classDirectories) {
			if (file.startsWith(directory) && (found == null || directory.getNameCount() > found.getNameCount())) {
				found = directory;
			}
		}
		return found;
	}

}
