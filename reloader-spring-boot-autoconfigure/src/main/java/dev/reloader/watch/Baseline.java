package dev.reloader.watch;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a reloader last saw of its watch set, handed to the reloader that carries on from
 * it in the next JVM, so that a change made in between (while one application stops and
 * the next one starts) is never missed.
 * <p>
 * A baseline holds when the files were last seen and, depending on the reloader, the
 * state of every watched file (file key, size and modification time), or Watchman's
 * clock for each watched directory, or both. It is written to a file of its own, replaced
 * atomically, and read back by the next JVM; a file that cannot be read (corrupt, from
 * another version) gives an {@link IOException} that says why.
 *
 * @author Reloader contributors
 */
public final class Baseline {

	private static final int MAGIC = 0x524c4442;

	private static final int VERSION = 1;

	private final Instant seen;

	private final Map<Path, Map<String, FileState>> files;

	private final Map<Path, String> clocks;

	private final List<Path> roots;

	private Baseline(Instant seen, List<Path> roots, Map<Path, Map<String, FileState>> files,
			Map<Path, String> clocks) {
		this.seen = Objects.requireNonNull(seen, "'seen' must not be null");
		this.roots = List.copyOf(roots);
		this.files = files;
		this.clocks = clocks;
	}

	/**
	 * Create a baseline that knows only when the files were last seen.
	 * @param seen when the files were last seen
	 * @return the baseline
	 */
	public static Baseline seenAt(Instant seen) {
		return new Baseline(seen, List.of(), null, Map.of());
	}

	/**
	 * Create a baseline of Watchman clocks.
	 * @param seen when the files were last seen
	 * @param clocks the clock of each watched directory
	 * @return the baseline
	 */
	public static Baseline ofClocks(Instant seen, Map<Path, String> clocks) {
		return new Baseline(seen, new ArrayList<>(clocks.keySet()), null,
				Collections.unmodifiableMap(new LinkedHashMap<>(clocks)));
	}

	/**
	 * Start building a baseline of file states.
	 * @param seen when the files were last seen
	 * @param roots the directories and files that were watched
	 * @return a builder
	 */
	static Builder builder(Instant seen, List<Path> roots) {
		return new Builder(seen, roots);
	}

	/**
	 * Return whether a file was watched when this baseline was taken, so that a file it
	 * has no state for was not there (rather than not looked at). A baseline that names no
	 * watched paths covers every file.
	 * @param file the file
	 * @return {@code true} if the file is one of the watched files or below one of the
	 * watched directories
	 */
	public boolean covers(Path file) {
		if (this.roots.isEmpty()) {
			return true;
		}
		for (Path root : this.roots) {
			if (file.startsWith(root)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return when the files were last seen.
	 * @return the time
	 */
	public Instant getSeen() {
		return this.seen;
	}

	/**
	 * Return whether this baseline holds the state of every watched file.
	 * @return {@code true} if it does
	 */
	public boolean hasFileStates() {
		return this.files != null;
	}

	/**
	 * Return the Watchman clock of each watched directory.
	 * @return the clocks, empty if there are none
	 */
	public Map<Path, String> getClocks() {
		return this.clocks;
	}

	/**
	 * Return how many file states this baseline holds.
	 * @return the number of files
	 */
	public int getFileCount() {
		if (this.files == null) {
			return 0;
		}
		int count = 0;
		for (Map<String, FileState> directory : this.files.values()) {
			count += directory.size();
		}
		return count;
	}

	/**
	 * Return the states of the files of one directory, by file name.
	 * @param directory the directory
	 * @return the states, empty if this baseline has none for the directory
	 */
	Map<String, FileState> filesIn(Path directory) {
		Map<String, FileState> states = (this.files != null) ? this.files.get(directory) : null;
		return (states != null) ? states : Map.of();
	}

	/**
	 * Return the directories this baseline has file states for.
	 * @return the directories
	 */
	Set<Path> getDirectories() {
		return (this.files != null) ? this.files.keySet() : Set.of();
	}

	/**
	 * Write this baseline to a file, replacing it atomically: a reader sees the old
	 * baseline or the new one, never part of one.
	 * @param file the file
	 * @throws IOException if it cannot be written
	 */
	public void write(Path file) throws IOException {
		Path written = Files.createTempFile(file.toAbsolutePath().getParent(), "baseline-", ".tmp");
		try {
			try (OutputStream stream = Files.newOutputStream(written);
					DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16))) {
				out.writeInt(MAGIC);
				out.writeInt(VERSION);
				out.writeLong(this.seen.getEpochSecond());
				out.writeInt(this.seen.getNano());
				out.writeInt(this.roots.size());
				for (Path root : this.roots) {
					out.writeUTF(root.toString());
				}
				out.writeInt(this.clocks.size());
				for (Map.Entry<Path, String> clock : this.clocks.entrySet()) {
					out.writeUTF(clock.getKey().toString());
					out.writeUTF(clock.getValue());
				}
				out.writeInt((this.files != null) ? this.files.size() : -1);
				if (this.files != null) {
					for (Map.Entry<Path, Map<String, FileState>> directory : this.files.entrySet()) {
						out.writeUTF(directory.getKey().toString());
						out.writeInt(directory.getValue().size());
						for (Map.Entry<String, FileState> entry : directory.getValue().entrySet()) {
							FileState state = entry.getValue();
							out.writeUTF(entry.getKey());
							out.writeInt(state.key());
							out.writeLong(state.size());
							out.writeLong(state.modified());
						}
					}
				}
				out.writeInt(MAGIC);
			}
			Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(written);
		}
	}

	/**
	 * Read a baseline from a file.
	 * @param file the file
	 * @return the baseline, or {@code null} if there is no such file
	 * @throws IOException if the file cannot be read or is not a baseline of this
	 * version; the message says why
	 */
	public static Baseline read(Path file) throws IOException {
		if (!Files.exists(file)) {
			return null;
		}
		try (InputStream stream = Files.newInputStream(file);
				DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16))) {
			if (in.readInt() != MAGIC) {
				throw new IOException(file + " is not a baseline of watched files");
			}
			int version = in.readInt();
			if (version != VERSION) {
				throw new IOException(file + " is a baseline of version " + version + ", not " + VERSION);
			}
			Instant seen = Instant.ofEpochSecond(in.readLong(), in.readInt());
			int rootCount = requireCount(in.readInt(), file);
			List<Path> roots = new ArrayList<>(rootCount);
			for (int i = 0; i < rootCount; i++) {
				roots.add(Paths.get(in.readUTF()));
			}
			int clockCount = requireCount(in.readInt(), file);
			Map<Path, String> clocks = new LinkedHashMap<>();
			for (int i = 0; i < clockCount; i++) {
				clocks.put(Paths.get(in.readUTF()), in.readUTF());
			}
			int directoryCount = in.readInt();
			Map<Path, Map<String, FileState>> files = null;
			if (directoryCount != -1) {
				files = new HashMap<>(capacity(requireCount(directoryCount, file)));
				for (int i = 0; i < directoryCount; i++) {
					Path directory = Paths.get(in.readUTF());
					int fileCount = requireCount(in.readInt(), file);
					Map<String, FileState> states = new HashMap<>(capacity(fileCount));
					for (int j = 0; j < fileCount; j++) {
						states.put(in.readUTF(), new FileState(in.readInt(), in.readLong(), in.readLong()));
					}
					files.put(directory, states);
				}
			}
			if (in.readInt() != MAGIC) {
				throw new IOException(file + " is corrupt: it does not end where a baseline ends");
			}
			return new Baseline(seen, roots, files, Collections.unmodifiableMap(clocks));
		}
		catch (EOFException ex) {
			throw new IOException(file + " is cut short", ex);
		}
		catch (RuntimeException ex) {
			throw new IOException(file + " is corrupt: " + ex.getMessage(), ex);
		}
	}

	private static int requireCount(int count, Path file) throws IOException {
		if (count < 0 || count > 50_000_000) {
			throw new IOException(file + " is corrupt: it gives " + count + " entries");
		}
		return count;
	}

	private static int capacity(int count) {
		return (int) Math.min(1 << 30, (long) (count / 0.75f) + 1);
	}

	/**
	 * The state of one file: a hash of its file key (its inode on Unix, 0 where the file
	 * system has none), its size and its modification time in nanoseconds.
	 */
	record FileState(int key, long size, long modified) {

		static int keyOf(Object fileKey) {
			return (fileKey != null) ? fileKey.hashCode() : 0;
		}

	}

	/**
	 * Builds a baseline of file states, directory by directory.
	 */
	static final class Builder {

		private final Instant seen;

		private final List<Path> roots;

		private final Map<Path, Map<String, FileState>> files = new HashMap<>();

		private Builder(Instant seen, List<Path> roots) {
			this.seen = seen;
			this.roots = roots;
		}

		Builder file(Path file, int key, long size, long modified) {
			Path name = file.getFileName();
			if (name != null) {
				this.files.computeIfAbsent(file.getParent(), (directory) -> new HashMap<>())
					.put(name.toString(), new FileState(key, size, modified));
			}
			return this;
		}

		Baseline build() {
			return new Baseline(this.seen, this.roots, this.files, Map.of());
		}

	}

}
