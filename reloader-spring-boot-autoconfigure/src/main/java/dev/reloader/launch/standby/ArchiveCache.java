package dev.reloader.launch.standby;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.reloader.launch.ChildCommand;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The cache directory of class-data sharing archives, kept small. Each archive directory
 * holds an empty marker file per application that used it (an application is its main
 * class and its class directories), touched whenever a child or standby of that
 * application is started with it. Pruning keeps, for each application, the archives it
 * used last, and removes the others and any archive no application used for 30 days; an
 * archive that was touched in the last minutes (one being recorded or built, or just
 * mapped by another supervisor) is always kept. A removed archive is simply built again
 * when it is needed.
 * <p>
 * Removing an archive that a running JVM maps is harmless on a POSIX file system: the
 * mapping keeps the file's content until the JVM ends. Where a file cannot be removed, it
 * stays for the next pruning.
 *
 * @author Reloader contributors
 */
final class ArchiveCache {

	private static final Log logger = LogFactory.getLog(ArchiveCache.class);

	/**
	 * How many archives each application keeps by default.
	 */
	static final int DEFAULT_ARCHIVES_KEPT = 3;

	/**
	 * How long an archive may go unused before it is removed, whichever its application.
	 */
	static final Duration UNUSED_LIMIT = Duration.ofDays(30);

	/**
	 * How long after its last use or change an archive directory is never removed.
	 */
	static final Duration RECENT = Duration.ofMinutes(10);

	private static final String MARKER_PREFIX = "used-by-";

	private final Path directory;

	private final int archivesKept;

	/**
	 * Create a new instance.
	 * @param directory the cache directory, one subdirectory per archive
	 * @param archivesKept how many archives to keep per application
	 */
	ArchiveCache(Path directory, int archivesKept) {
		if (archivesKept < 1) {
			throw new IllegalArgumentException("'archivesKept' must be at least 1, was " + archivesKept);
		}
		this.directory = directory;
		this.archivesKept = archivesKept;
	}

	/**
	 * Return the name of the application that a child command runs: a digest of its main
	 * class and class directories.
	 * @param command the child command
	 * @return a short name, usable in a file name
	 */
	static String applicationOf(ChildCommand command) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(command.getTarget().getBytes(StandardCharsets.UTF_8));
			for (Path entry : command.getClassPathEntries()) {
				if (!entry.toString().endsWith(".jar")) {
					digest.update((byte) 0);
					digest.update(entry.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
				}
			}
			return HexFormat.of().formatHex(digest.digest(), 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Record that an application uses the archive of a directory now.
	 * @param archiveDirectory the archive's directory, which must exist
	 * @param application the application, as given by {@link #applicationOf}
	 * @throws IOException if the marker cannot be written
	 */
	void markUsed(Path archiveDirectory, String application) throws IOException {
		Path marker = archiveDirectory.resolve(MARKER_PREFIX + application);
		try {
			Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
		}
		catch (NoSuchFileException ex) {
			Files.newOutputStream(marker).close();
		}
	}

	/**
	 * Remove the archives that are no longer kept.
	 * @param now the current time
	 * @return the removed archive directories
	 */
	List<Path> prune(Instant now) {
		List<Entry> entries = entries();
		Set<Path> kept = new HashSet<>();
		Map<String, List<Entry>> byApplication = new HashMap<>();
		for (Entry entry : entries) {
			for (String application : entry.uses().keySet()) {
				byApplication.computeIfAbsent(application, (key) -> new ArrayList<>()).add(entry);
			}
			if (entry.uses().isEmpty()) {
				// Of an earlier version, or just created: grouped on their own
				byApplication.computeIfAbsent("", (key) -> new ArrayList<>()).add(entry);
			}
		}
		byApplication.forEach((application, used) -> {
			used.sort(Comparator.comparing((Entry entry) -> entry.lastUse(application)).reversed());
			used.stream().limit(this.archivesKept).forEach((entry) -> kept.add(entry.directory()));
		});
		List<Path> removed = new ArrayList<>();
		long freed = 0;
		for (Entry entry : entries) {
			boolean unused = entry.lastTouched().isBefore(now.minus(UNUSED_LIMIT));
			if ((kept.contains(entry.directory()) && !unused) || isRecent(entry.directory(), now)) {
				continue;
			}
			long size = remove(entry.directory());
			if (size >= 0) {
				removed.add(entry.directory());
				freed += size;
			}
		}
		if (!removed.isEmpty()) {
			logger.info("Removed " + removed.size() + " class-data sharing archive" + ((removed.size() != 1) ? "s" : "")
					+ " (" + (freed >> 20) + " MB) from " + this.directory + ", keeping the " + this.archivesKept
					+ " last used by each application (reloader.child.class-data-sharing-archives)");
		}
		return removed;
	}

	private List<Entry> entries() {
		List<Entry> entries = new ArrayList<>();
		if (!Files.isDirectory(this.directory)) {
			return entries;
		}
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(this.directory, Files::isDirectory)) {
			for (Path archiveDirectory : directories) {
				Entry entry = entryOf(archiveDirectory);
				if (entry != null) {
					entries.add(entry);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not list the class-data sharing archives in " + this.directory, ex);
		}
		return entries;
	}

	private static Entry entryOf(Path archiveDirectory) {
		try {
			Map<String, Instant> uses = new HashMap<>();
			Instant lastTouched = Files.getLastModifiedTime(archiveDirectory).toInstant();
			try (DirectoryStream<Path> files = Files.newDirectoryStream(archiveDirectory)) {
				for (Path file : files) {
					Instant modified = Files.getLastModifiedTime(file).toInstant();
					lastTouched = max(lastTouched, modified);
					String name = file.getFileName().toString();
					if (name.startsWith(MARKER_PREFIX)) {
						uses.put(name.substring(MARKER_PREFIX.length()), modified);
					}
				}
			}
			return new Entry(archiveDirectory, uses, lastTouched);
		}
		catch (IOException ex) {
			// Removed meanwhile by another supervisor, or unreadable: left alone
			return null;
		}
	}

	/**
	 * Look again just before removing: another supervisor may have used the archive
	 * since the directory was listed.
	 */
	private static boolean isRecent(Path archiveDirectory, Instant now) {
		Entry current = entryOf(archiveDirectory);
		return current == null || current.lastTouched().isAfter(now.minus(RECENT));
	}

	private static long remove(Path archiveDirectory) {
		long size = 0;
		try {
			try (DirectoryStream<Path> files = Files.newDirectoryStream(archiveDirectory)) {
				for (Path file : files) {
					BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
					if (attributes.isDirectory()) {
						throw new IOException("Unexpected directory " + file);
					}
					Files.deleteIfExists(file);
					size += attributes.size();
				}
			}
			Files.deleteIfExists(archiveDirectory);
			return size;
		}
		catch (IOException ex) {
			logger.debug("Could not remove the class-data sharing archive in " + archiveDirectory, ex);
			return -1;
		}
	}

	private static Instant max(Instant first, Instant second) {
		return first.isAfter(second) ? first : second;
	}

	/**
	 * One archive directory as found when pruning.
	 *
	 * @param directory the archive's directory
	 * @param uses when each application that used it used it last
	 * @param lastTouched the newest modification time of the directory and its files
	 */
	private record Entry(Path directory, Map<String, Instant> uses, Instant lastTouched) {

		Instant lastUse(String application) {
			Instant use = this.uses.get(application);
			return (use != null) ? use : this.lastTouched;
		}

	}

}
