import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records when a build deletes and writes files in its output directory, to choose the
 * reloader's quiet periods. Polls the output tree every 2 ms while a build command runs
 * and prints, per run: the time from the first deletion to the first write, the longest
 * pause between two writes, the whole span, and when maven-compiler-plugin wrote its status
 * beside the output directory (maven-status/.../inputFiles.lst, relative to the first
 * deletion; createdFiles.lst, relative to the last write), if it did.
 *
 * Usage: java BuildWriteTimeline.java OUTPUT_DIR SOURCE_TO_TOUCH RUNS COMMAND...
 */
public class BuildWriteTimeline {

	record Event(long nanos, String type, Path path) {
	}

	record State(long modified, long size) {
	}

	public static void main(String[] args) throws Exception {
		Path output = Paths.get(args[0]);
		Path source = Paths.get(args[1]);
		int runs = Integer.parseInt(args[2]);
		List<String> command = List.of(args).subList(3, args.length);
		Path status = output.toAbsolutePath().getParent()
			.resolve("maven-status/maven-compiler-plugin/compile/default-compile");
		System.out.println("run  deletions  writes  delete->first-write(ms)  longest-pause-between-writes(ms)  span(ms)"
				+ "  inputFiles.lst-after-first-delete(ms)  last-write->createdFiles.lst(ms)");
		List<Long> deleteGaps = new ArrayList<>();
		List<Long> pauses = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			Files.writeString(source, Files.readString(source) + "\n// run " + run + " " + System.nanoTime() + "\n");
			Map<Path, State> before = snapshot(output);
			Map<Path, State> statusBefore = snapshot(status);
			List<Event> events = new ArrayList<>();
			List<Event> statusEvents = new ArrayList<>();
			Process process = new ProcessBuilder(command).inheritIO().start();
			long start = System.nanoTime();
			while (true) {
				boolean done = !process.isAlive();
				Map<Path, State> now = snapshot(output);
				long at = System.nanoTime() - start;
				for (Map.Entry<Path, State> entry : before.entrySet()) {
					if (!now.containsKey(entry.getKey())) {
						events.add(new Event(at, "deleted", entry.getKey()));
					}
				}
				for (Map.Entry<Path, State> entry : now.entrySet()) {
					State old = before.get(entry.getKey());
					if (old == null || !old.equals(entry.getValue())) {
						events.add(new Event(at, (old == null) ? "added" : "modified", entry.getKey()));
					}
				}
				before = now;
				Map<Path, State> statusNow = snapshot(status);
				for (Map.Entry<Path, State> entry : statusNow.entrySet()) {
					if (!entry.getValue().equals(statusBefore.get(entry.getKey()))) {
						statusEvents.add(new Event(at, "written", entry.getKey()));
					}
				}
				statusBefore = statusNow;
				if (done) {
					break;
				}
				TimeUnit.MILLISECONDS.sleep(2);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("build failed with " + process.exitValue());
			}
			long firstDelete = -1;
			long firstWrite = -1;
			long lastWrite = -1;
			long longestPause = 0;
			int deletions = 0;
			int writes = 0;
			for (Event event : events) {
				if (event.type().equals("deleted")) {
					deletions++;
					if (firstDelete < 0) {
						firstDelete = event.nanos();
					}
					continue;
				}
				writes++;
				if (firstWrite < 0) {
					firstWrite = event.nanos();
				}
				else {
					longestPause = Math.max(longestPause, event.nanos() - lastWrite);
				}
				lastWrite = event.nanos();
			}
			long deleteGap = (firstDelete >= 0 && firstWrite >= 0) ? firstWrite - firstDelete : -1;
			long first = (firstDelete >= 0) ? Math.min(firstDelete, Math.max(firstWrite, 0)) : firstWrite;
			long span = (first >= 0) ? lastWrite - first : -1;
			String input = "-";
			String created = "-";
			for (Event event : statusEvents) {
				String name = event.path().getFileName().toString();
				if (name.equals("inputFiles.lst") && firstDelete >= 0 && input.equals("-")) {
					input = Long.toString(ms(event.nanos() - firstDelete));
				}
				else if (name.equals("createdFiles.lst") && lastWrite >= 0) {
					created = Long.toString(ms(event.nanos() - lastWrite));
				}
			}
			System.out.printf("%3d  %9d  %6d  %23s  %32d  %8s  %36s  %32s%n", run, deletions, writes,
					(deleteGap >= 0) ? Long.toString(ms(deleteGap)) : "-", ms(longestPause),
					(span >= 0) ? Long.toString(ms(span)) : "-", input, created);
			if (deleteGap >= 0) {
				deleteGaps.add(ms(deleteGap));
			}
			pauses.add(ms(longestPause));
		}
		System.out.println("delete->first-write max: " + deleteGaps.stream().mapToLong(Long::longValue).max().orElse(-1)
				+ " ms; longest pause between writes, max: " + pauses.stream().mapToLong(Long::longValue).max().orElse(-1)
				+ " ms");
	}

	private static long ms(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	private static Map<Path, State> snapshot(Path root) throws IOException {
		while (true) {
			Map<Path, State> state = trySnapshot(root);
			if (state != null) {
				return state;
			}
		}
	}

	/**
	 * Walk the tree once; {@code null} if a directory vanished during the walk, since a
	 * partial walk would show files as deleted that are not.
	 */
	private static Map<Path, State> trySnapshot(Path root) throws IOException {
		Map<Path, State> state = new HashMap<>();
		if (!Files.isDirectory(root)) {
			return state;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.forEach((path) -> {
				try {
					BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
					if (attributes.isRegularFile()) {
						state.put(path, new State(attributes.lastModifiedTime().toMillis(), attributes.size()));
					}
				}
				catch (IOException ex) {
					// vanished while walking
				}
			});
		}
		catch (java.io.UncheckedIOException ex) {
			return null;
		}
		return state;
	}

}
