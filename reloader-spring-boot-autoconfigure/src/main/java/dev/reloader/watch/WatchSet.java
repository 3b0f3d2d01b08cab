package dev.reloader.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Reloader} watches: root directories (watched recursively, either every
 * file or only the files that match include globs), single files, and glob patterns for
 * changes that must not cause a reload.
 * <p>
 * Include and exclude patterns are globs (see {@link Glob}) matched against a path
 * relative to its root directory, with {@code /} as separator. An exclude pattern without
 * {@code /} also matches a file name in any directory, so {@code *.swp} excludes editor
 * swap files everywhere. A reloader reports changes only for paths the watch set
 * {@link #contains(Path) contains}.
 *
 * @author Reloader contributors
 */
public final class WatchSet {

	private final Map<Path, Root> roots;

	private final List<Path> directories;

	private final List<Path> files;

	private final List<String> excludes;

	private final List<Glob> excludeGlobs;

	private WatchSet(Map<Path, Root> roots, Collection<Path> files, Collection<String> excludes) {
		this.roots = Collections.unmodifiableMap(new LinkedHashMap<>(roots));
		this.directories = List.copyOf(roots.keySet());
		this.files = List.copyOf(files);
		this.excludes = List.copyOf(excludes);
		this.excludeGlobs = this.excludes.stream().map(Glob::of).toList();
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
	 * Return the include globs of a root directory.
	 * @param directory one of the {@link #getDirectories() root directories}
	 * @return the globs, relative to the directory; empty when every file is watched
	 */
	public List<String> getIncludes(Path directory) {
		Root root = this.roots.get(directory);
		return (root != null && !root.everything) ? root.includes.stream().map(Glob::toString).toList() : List.of();
	}

	/**
	 * Return single files watched on their own. They need not exist yet.
	 * @return the files, absolute and normalized
	 */
	public List<Path> getFiles() {
		return this.files;
	}

	/**
	 * Return the root directories and the single files together.
	 * @return the directories, then the files
	 */
	public List<Path> getDirectoriesAndFiles() {
		List<Path> all = new ArrayList<>(this.directories);
		all.addAll(this.files);
		return all;
	}

	public List<String> getExcludes() {
		return this.excludes;
	}

	/**
	 * Return whether a file found under one root directory is watched through it: always
	 * for a root that watches every file, otherwise when one of its include globs matches.
	 * A reloader that walks its roots one by one uses this on each file it finds.
	 * @param directory one of the {@link #getDirectories() root directories}
	 * @param file an absolute path under that directory
	 * @return {@code true} if the root watches the file
	 */
	public boolean includes(Path directory, Path file) {
		Root root = this.roots.get(directory);
		return root != null && root.includes(file);
	}

	/**
	 * Return whether the given path lies inside this watch set (one of the single files,
	 * or under a root directory that includes it), whether or not it is excluded.
	 * @param path an absolute path
	 * @return {@code true} if the path is watched
	 */
	public boolean contains(Path path) {
		if (this.files.contains(path)) {
			return true;
		}
		for (Root root : this.roots.values()) {
			if (path.startsWith(root.directory) && root.includes(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether a change to the given path must not cause a reload.
	 * @param path an absolute path
	 * @return {@code true} if an exclude pattern matches the path
	 */
	public boolean isExcluded(Path path) {
		if (this.excludeGlobs.isEmpty()) {
			return false;
		}
		Path root = rootOf(path);
		Path relative = (root != null) ? root.relativize(path) : path.getFileName();
		Path fileName = path.getFileName();
		for (Glob glob : this.excludeGlobs) {
			if ((relative != null && glob.matches(relative))
					|| (fileName != null && !glob.hasSeparator() && glob.matches(fileName))) {
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
		return ((root != null) ? root.relativize(path) : path).toString().replace('\\', '/');
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
		return "WatchSet[directories=" + this.roots.values() + ", files=" + this.files + ", excludes="
				+ this.excludes + "]";
	}

	private static final class Root {

		private final Path directory;

		private final boolean everything;

		private final List<Glob> includes;

		Root(Path directory, boolean everything, List<Glob> includes) {
			this.directory = directory;
			this.everything = everything;
			this.includes = List.copyOf(includes);
		}

		boolean includes(Path file) {
			if (this.everything) {
				return true;
			}
			Path relative = this.directory.relativize(file);
			for (Glob include : this.includes) {
				if (include.matches(relative)) {
					return true;
				}
			}
			return false;
		}

		@Override
		public String toString() {
			return this.everything ? this.directory.toString() : this.directory + this.includes.toString();
		}

	}

	/**
	 * Builds a {@link WatchSet}. Paths are made absolute and normalized; duplicates are
	 * dropped. A directory added both with and without include globs watches every file.
	 */
	public static final class Builder {

		private final Map<Path, Set<String>> directories = new LinkedHashMap<>();

		private final Set<Path> everything = new LinkedHashSet<>();

		private final Set<Path> files = new LinkedHashSet<>();

		private final Set<String> excludes = new LinkedHashSet<>();

		private Builder() {
		}

		/**
		 * Watch every file under a directory.
		 * @param directory the directory
		 * @return this builder
		 */
		public Builder directory(Path directory) {
			Objects.requireNonNull(directory, "'directory' must not be null");
			Path root = directory.toAbsolutePath().normalize();
			this.directories.computeIfAbsent(root, (key) -> new LinkedHashSet<>());
			this.everything.add(root);
			return this;
		}

		/**
		 * Watch the files under a directory that match a glob, like Django's
		 * {@code watch_dir(path, glob)}.
		 * @param directory the directory
		 * @param include a glob relative to the directory, for example
		 * {@code **}{@code /*.yml}
		 * @return this builder
		 */
		public Builder directory(Path directory, String include) {
			Objects.requireNonNull(directory, "'directory' must not be null");
			requireText("include", include);
			Path root = directory.toAbsolutePath().normalize();
			this.directories.computeIfAbsent(root, (key) -> new LinkedHashSet<>()).add(include.strip());
			return this;
		}

		/**
		 * Watch a single file, which need not exist yet.
		 * @param file the file
		 * @return this builder
		 */
		public Builder file(Path file) {
			Objects.requireNonNull(file, "'file' must not be null");
			this.files.add(file.toAbsolutePath().normalize());
			return this;
		}

		/**
		 * Watch a path or glob pattern: a plain path is watched as a directory when it is
		 * one and as a file otherwise; a pattern as its directory part with the rest as
		 * include glob (see {@link PathPattern}).
		 * @param pattern the parsed path or pattern
		 * @return this builder
		 */
		public Builder path(PathPattern pattern) {
			Objects.requireNonNull(pattern, "'pattern' must not be null");
			if (pattern.include() != null) {
				return directory(pattern.root(), pattern.include());
			}
			return Files.isDirectory(pattern.root()) ? directory(pattern.root()) : file(pattern.root());
		}

		public Builder exclude(String pattern) {
			requireText("pattern", pattern);
			this.excludes.add(pattern.strip());
			return this;
		}

		public Builder excludes(Collection<String> patterns) {
			Objects.requireNonNull(patterns, "'patterns' must not be null");
			patterns.forEach(this::exclude);
			return this;
		}

		/**
		 * Watch everything another watch set watches, and exclude what it excludes.
		 * @param watchSet the other watch set
		 * @return this builder
		 */
		public Builder add(WatchSet watchSet) {
			Objects.requireNonNull(watchSet, "'watchSet' must not be null");
			for (Root root : watchSet.roots.values()) {
				if (root.everything) {
					directory(root.directory);
				}
				root.includes.forEach((include) -> directory(root.directory, include.toString()));
			}
			watchSet.files.forEach(this::file);
			return excludes(watchSet.excludes);
		}

		public WatchSet build() {
			Map<Path, Root> roots = new LinkedHashMap<>();
			this.directories.forEach((directory, includes) -> {
				List<Glob> globs = new ArrayList<>();
				includes.forEach((include) -> globs.add(Glob.of(include)));
				roots.put(directory, new Root(directory, this.everything.contains(directory), globs));
			});
			return new WatchSet(roots, this.files, this.excludes);
		}

		private static void requireText(String name, String value) {
			Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
			if (value.isBlank()) {
				throw new IllegalArgumentException("'" + name + "' must not be blank");
			}
		}

	}

}
