package dev.reloader.watch.watchman;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import dev.reloader.watch.ChangeType;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.WatchSet;

/**
 * Finds the files of a watch set modified since a point in time, to cover the gap between
 * the last notification of a Watchman server that went away and the snapshot of the
 * reloader that takes over.
 *
 * @author Reloader contributors
 */
final class RecentlyModifiedFiles {

	private RecentlyModifiedFiles() {
	}

	/**
	 * Return every regular file of the watch set whose modification time is not before
	 * {@code since}, as {@link ChangeType#MODIFIED}. Files that cannot be read are
	 * skipped.
	 * @param watchSet the watch set
	 * @param since the earliest modification time to report
	 * @return the changes
	 */
	static List<FileChange> find(WatchSet watchSet, Instant since) {
		FileTime earliest = FileTime.from(since);
		List<FileChange> changes = new ArrayList<>();
		SimpleFileVisitor<Path> visitor = new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (attributes.isRegularFile() && attributes.lastModifiedTime().compareTo(earliest) >= 0) {
					changes.add(new FileChange(file, ChangeType.MODIFIED));
				}
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) {
				return FileVisitResult.CONTINUE;
			}

		};
		for (Path directory : watchSet.getDirectories()) {
			if (Files.isDirectory(directory)) {
				try {
					Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, visitor);
				}
				catch (IOException ex) {
					// Not thrown by this visitor
				}
			}
		}
		for (Path file : watchSet.getFiles()) {
			try {
				visitor.visitFile(file, Files.readAttributes(file, BasicFileAttributes.class));
			}
			catch (IOException ex) {
				// Gone or unreadable: nothing to report
			}
		}
		return changes;
	}

}
