package dev.reloader.watch;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells what a Maven build is doing from the status files of the maven-compiler-plugin.
 * Beside a class directory such as {@code target/classes}, the plugin writes
 * {@code target/maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst}
 * before it deletes the old class files, and {@code createdFiles.lst} once javac has
 * written the new ones.
 * <ul>
 * <li>A compile runs while, beside one of the watched class directories,
 * {@code inputFiles.lst} is newer than {@code createdFiles.lst} and was written at most
 * {@link #RECENT 10 seconds} before the batch's first change (a compile that failed long
 * ago is no build in progress).</li>
 * <li>The build that made a batch has finished when, for every class directory the batch
 * changed, {@code createdFiles.lst} was written after the batch's first change was seen,
 * after every file the batch wrote there, and after {@code inputFiles.lst}, and every file
 * it lists (the class files the compile wrote) is written in the batch: a reloader whose
 * reports come late has caught up.</li>
 * </ul>
 * The files are read only while a batch waits, a few stats each time; nothing is watched.
 * A build without the plugin, or a file system with coarse timestamps, simply gives
 * {@link State#UNKNOWN}.
 *
 * @author Reloader contributors
 */
public final class MavenCompilerStatus implements BuildStatus {

	/**
	 * How long before a batch's first change a compile may have started to be the one
	 * that makes it.
	 */
	static final Duration RECENT = Duration.ofSeconds(10);

	private static final String STATUS = "maven-status/maven-compiler-plugin";

	private static final String INPUT_FILES = "inputFiles.lst";

	private static final String CREATED_FILES = "createdFiles.lst";

	private final List<Path> classDirectories;

	/**
	 * Create a new instance.
	 * @param classDirectories the watched class directories
	 */
	public MavenCompilerStatus(List<Path> classDirectories) {
		this.classDirectories = List.copyOf(classDirectories);
	}

	@Override
	public State of(ChangeBatch batch, Instant firstSeen) {
		try {
			for (Path directory : this.classDirectories) {
				if (isCompiling(directory, firstSeen)) {
					return State.RUNNING;
				}
			}
			return isFinished(batch, firstSeen) ? State.FINISHED : State.UNKNOWN;
		}
		catch (IOException ex) {
			return State.UNKNOWN;
		}
	}

	private boolean isCompiling(Path directory, Instant firstSeen) throws IOException {
		Path status = statusOf(directory);
		if (status == null) {
			return false;
		}
		Instant started = modified(status.resolve(INPUT_FILES));
		return started.isAfter(firstSeen.minus(RECENT)) && started.isAfter(modified(status.resolve(CREATED_FILES)));
	}

	private boolean isFinished(ChangeBatch batch, Instant firstSeen) throws IOException {
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
		for (Path directory : directories) {
			if (!isFinished(directory, batch, firstSeen)) {
				return false;
			}
		}
		return !directories.isEmpty();
	}

	private boolean isFinished(Path directory, ChangeBatch batch, Instant firstSeen) throws IOException {
		Path status = statusOf(directory);
		if (status == null) {
			return false;
		}
		Instant finished = modified(status.resolve(CREATED_FILES));
		if (!finished.isAfter(firstSeen) || !finished.isAfter(modified(status.resolve(INPUT_FILES)))) {
			return false;
		}
		Set<Path> written = new HashSet<>();
		for (FileChange change : batch.getChanges()) {
			if (change.type() != ChangeType.DELETED && change.path().startsWith(directory)) {
				if (!finished.isAfter(modified(change.path()))) {
					return false;
				}
				written.add(change.path().toAbsolutePath().normalize());
			}
		}
		// Every file the compile created must have been seen written: a reloader that
		// reports changes late (Watchman settles first) may not have caught up yet
		for (String line : Files.readAllLines(status.resolve(CREATED_FILES))) {
			if (!line.isBlank() && !written.contains(directory.resolve(line.strip()).toAbsolutePath().normalize())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return when a file was last modified, {@link Instant#MIN} if it does not exist.
	 */
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
