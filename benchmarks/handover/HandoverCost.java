import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.reloader.watch.Baseline;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.ReloaderType;
import dev.reloader.watch.StatReloader;
import dev.reloader.watch.WatchSet;

/**
 * What handing the watched files over from one child to the next costs: the old child's
 * side (take the baseline, write it) and the new child's side (read it, compare it with
 * the snapshot its reloader has just taken), for a tree of class files.
 * <p>
 * Usage: {@code java -cp <starter jar>:<commons-logging jar> HandoverCost.java [files] [rounds]}
 */
public class HandoverCost {

	public static void main(String[] args) throws Exception {
		int fileCount = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 30;
		Path root = Files.createTempDirectory("handover-tree-");
		Path handover = Files.createTempDirectory("handover-file-").resolve("baseline");
		try {
			for (int i = 0; i < fileCount; i++) {
				Path file = root.resolve("com/example/p" + (i / 100) + "/C" + i + ".class");
				Files.createDirectories(file.getParent());
				Files.writeString(file, "class " + i);
			}
			WatchSet watchSet = WatchSet.builder().directory(root).build();
			System.out.printf("%d files, %d rounds (median / max in ms)%n", fileCount, rounds);
			measure("StatReloader", () -> new StatReloader(watchSet, Duration.ofSeconds(1)), handover, rounds);
			measure("NativeReloader", () -> new ReloaderSelector(ReloaderType.NATIVE, Duration.ofSeconds(1))
				.select(watchSet)
				.reloader(), handover, rounds);
		}
		finally {
			delete(root);
			delete(handover.getParent());
		}
	}

	private static void measure(String name, ReloaderFactory factory, Path handover, int rounds) throws Exception {
		List<Double> out = new ArrayList<>();
		List<Double> in = new ArrayList<>();
		long size = 0;
		for (int round = 0; round < rounds; round++) {
			try (Reloader old = factory.create(); Reloader next = factory.create()) {
				old.start();
				long began = System.nanoTime();
				old.baseline().write(handover);
				out.add((System.nanoTime() - began) / 1e6);
				size = Files.size(handover);
				next.start();
				began = System.nanoTime();
				List<FileChange> changes = next.changesSince(Baseline.read(handover));
				in.add((System.nanoTime() - began) / 1e6);
				if (!changes.isEmpty()) {
					throw new IllegalStateException("Unexpected changes: " + changes.size());
				}
			}
		}
		// The first rounds include class loading and JIT compilation, as a child's one hand-over does
		System.out.printf("%-15s hand over (old child) %6.1f / %6.1f   take over (new child) %6.1f / %6.1f   first round %6.1f + %6.1f   file %d KiB%n",
				name, median(out), Collections.max(out), median(in), Collections.max(in), out.get(0), in.get(0),
				size / 1024);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private static void delete(Path path) throws IOException {
		try (var walk = Files.walk(path)) {
			walk.sorted(Collections.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	@FunctionalInterface
	interface ReloaderFactory {

		Reloader create() throws IOException;

	}

}
