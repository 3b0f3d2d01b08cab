package dev.reloader.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.reloader.watch.Baseline;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.Reloader;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Where one child hands the next what it last saw of the watched files (a
 * {@link Baseline}): a file in a directory that only the supervisor's user can read,
 * made when the supervisor starts and removed when it ends. The supervisor gives every
 * child its path in the environment variable {@value #VARIABLE}; the supervisor's own
 * wait for a change after a crash reads and writes it too.
 *
 * @author Reloader contributors
 */
public final class BaselineFile implements AutoCloseable {

	/**
	 * The environment variable that gives a child the path of the baseline file.
	 */
	public static final String VARIABLE = "RELOADER_BASELINE_FILE";

	private static final Log logger = LogFactory.getLog(BaselineFile.class);

	private final Path directory;

	private final Path file;

	private BaselineFile(Path directory, Path file) {
		this.directory = directory;
		this.file = file;
	}

	/**
	 * Make a new private directory for the baseline file.
	 * @return the baseline file, not written yet
	 * @throws IOException if the directory cannot be made
	 */
	public static BaselineFile create() throws IOException {
		Path directory;
		try {
			directory = Files.createTempDirectory("reloader-baseline-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (UnsupportedOperationException ex) {
			directory = Files.createTempDirectory("reloader-baseline-");
		}
		return new BaselineFile(directory, directory.resolve("watched-files.baseline"));
	}

	/**
	 * Return the baseline file that the supervisor gave this child.
	 * @return the baseline file, or {@code null} outside a child of a supervisor
	 */
	public static BaselineFile ofChild() {
		String path = System.getenv(VARIABLE);
		return (path != null && !path.isBlank()) ? of(Paths.get(path)) : null;
	}

	/**
	 * Return the baseline file at the given path.
	 * @param file the path
	 * @return the baseline file
	 */
	public static BaselineFile of(Path file) {
		return new BaselineFile(null, file);
	}

	/**
	 * Return what changed since the baseline that an earlier reloader handed over, for
	 * a reloader that has just {@link Reloader#start() started}. With no baseline yet
	 * (the first application), nothing has. A baseline that cannot be read gives way,
	 * with a warning, to every watched file modified since this JVM started.
	 * @param reloader the started reloader
	 * @return the changes, never {@code null}
	 * @throws IOException if the reloader cannot compare
	 */
	public List<FileChange> changesSince(Reloader reloader) throws IOException {
		long began = System.nanoTime();
		Baseline baseline;
		try {
			baseline = Baseline.read(this.file);
		}
		catch (IOException ex) {
			Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
			logger.warn("Cannot read what the previous application saw of the watched files (" + ex.getMessage()
					+ "); looking for every file modified since this JVM started instead, and restarting once if "
					+ "there is one");
			baseline = Baseline.seenAt(started);
		}
		if (baseline == null) {
			return List.of();
		}
		List<FileChange> changes = reloader.changesSince(baseline);
		if (changes == null) {
			logger.debug(reloader.getName() + " cannot compare with what the previous application saw");
			return List.of();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Compared with what the previous application saw of " + baseline.getFileCount()
					+ " files and " + baseline.getClocks().size() + " Watchman clocks in "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms: " + changes.size()
					+ " changed since");
		}
		return changes;
	}

	/**
	 * Write what a reloader has seen, for the reloader of the next application. Called
	 * on the thread that polls the reloader, between two polls. Failing to write is
	 * logged, not thrown: the next application then compares with an older baseline,
	 * which can only show more changes.
	 * @param reloader the reloader
	 */
	public void handOver(Reloader reloader) {
		long began = System.nanoTime();
		Baseline baseline = reloader.baseline();
		if (baseline == null) {
			return;
		}
		try {
			baseline.write(this.file);
			if (logger.isDebugEnabled()) {
				logger.debug("Handed over what " + reloader.getName() + " saw of " + baseline.getFileCount()
						+ " files and " + baseline.getClocks().size() + " Watchman clocks in "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + " ms");
			}
		}
		catch (IOException ex) {
			logger.warn("Cannot hand what " + reloader.getName() + " saw of the watched files over to the next "
					+ "application through " + this.file + ": " + ex);
		}
	}

	/**
	 * Return the path of the baseline file.
	 * @return the path
	 */
	public Path getPath() {
		return this.file;
	}

	/**
	 * Remove the file and its directory, if this instance made it.
	 */
	@Override
	public void close() throws IOException {
		if (this.directory == null || !Files.isDirectory(this.directory)) {
			return;
		}
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(this.directory);
	}

}
