package dev.reloader.watch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Reloader} watches: root directories (watched recursively), single files,
 * and glob patterns for changes that must not cause a reload.
 * <p>
 * Exclude patterns are globs matched against a path relative to the root it lies in,
 * with {@code /} as separator. A pattern without {@code /} also matches a file name in
 * any directory, so {@code *.swp} excludes editor swap files everywhere.
 *
 * @author Reloader contributors
 */
public final class WatchSet {

	private final List<Path> directories;

	private final List<Path> files;

	private final List<String> excludes;

	private final List<PathMatcher> excludeMatchers;

	private WatchSet(Collection<Path> directories, Collection<Path> files, Collection<String> excludes) {
		this.directories = List.copyOf(directories);
		this.files = List.copyOf(files);
		this.excludes = List.copyOf(excludes);
		List<PathMatcher> matchers = new ArrayList<>();
		for (String exclude : this.excludes) {
			matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + exclude));
		}
		this.excludeMatchers = Collections.unmodifiableList(matchers);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the directories watched recursively.
	 * @return the root directories, absolute and normalized
	 */
	public List<Path> getDirectories() {
		return this.directories;
	}

	/**
	 * Return single files watched on their own.
	 * @return the files, absolute and normalized
	 */
	public List<Path> getFiles() {
		return this.files;
	}

	public List<String> getExcludes() {
		return this.excludes;
	}

	/**
	 * Return whether the given path lies inside this watch set (under a root directory or
	 * one of the single files), whether or not it is excluded.
	 * @param path an absolute path
	 * @return {@code true} if the path is watched
	 */
	public boolean contains(Path path) {
		return this.files.contains(path) || rootOf(path) != null;
	}

	/**
	 * Return whether a change to the given path must not cause a reload.
	 * @param path an absolute path
	 * @return {@code true} if an exclude pattern matches the path
	 */
	public boolean isExcluded(Path path) {
		if (this.excludeMatchers.isEmpty()) {
			return false;
		}
		Path root = rootOf(path);
		Path relative = (root != null) ? root.relativize(path) : path.getFileName();
		Path fileName = path.getFileName();
		for (PathMatcher matcher : this.excludeMatchers) {
			if ((relative != null && matcher.matches(relative)) || (fileName != null && matcher.matches(fileName))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the name to show for a path: relative to its root directory where it has
	 * one.
	 * @param path an absolute path
	 * @return a short name for logs
	 */
	public String displayName(Path path) {
		Path root = rootOf(path);
		return ((root != null) ? root.relativize(path) : path).toString();
	}

	private Path rootOf(Path path) {
		Path best = null;
		for (Path directory : this.directories) {
			if (path.startsWith(directory) && (best == null || directory.getNameCount() > best.getNameCount())) {
				best = directory;
			}
		}
		return best;
	}

	@Override
	public String toString() {
		return "WatchSet[directories=" + this.directories + ", files=" + this.files + ", excludes=" + this.excludes
				+ "]";
	}

	/**
	 * Builds a {@link WatchSet}. Paths are made absolute and normalized; duplicates are
	 * dropped.
	 */
	public static final class Builder {

		private final Set<Path> directories = new LinkedHashSet<>();

		private final Set<Path> files = new LinkedHashSet<>();

		private final Set<String> excludes = new LinkedHashSet<>();

		private Builder() {
		}

		public Builder directory(Path directory) {
			Objects.requireNonNull(directory, "'directory' must not be null");
			this.directories.add(directory.toAbsolutePath().normalize());
			return this;
		}

		public Builder file(Path file) {
			Objects.requireNonNull(file, "'file' must not be null");
			this.files.add(file.toAbsolutePath().normalize());
			return this;
		}

		public Builder exclude(String pattern) {
			Objects.requireNonNull(pattern, "'pattern' must not be null");
			if (pattern.isBlank()) {
				throw new IllegalArgumentException("'pattern' must not be blank");
			}
			this.excludes.add(pattern.strip());
			return this;
		}

		public Builder excludes(Collection<String> patterns) {
			patterns.forEach(this::exclude);
			return this;
		}

		public WatchSet build() {
			return new WatchSet(this.directories, this.files, this.excludes);
		}

	}

}
