import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.reloader.watch.FileChange;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.ReloaderType;
import dev.reloader.watch.WatchSet;

/**
 * Measures the reloaders on a generated tree: how long {@code start()} takes, how much
 * CPU an idle reloader burns, and how long a write takes to come out of {@code poll}.
 * <p>
 * Usage: {@code WatchBenchmark <tree> <files> <interval-ms> <idle-seconds> <writes> <type>...}
 * where each type is {@code stat}, {@code native}, {@code watchman}, {@code none} (the
 * JVM alone, as a baseline) or {@code floor} (one attribute read per file and interval,
 * the least a polling reloader can spend). The tree is
 * generated when it does not hold the expected number of files. Idle CPU is the process
 * CPU time over wall time while nothing changes; CPU per poll divides it by the polls
 * that returned in that time, which stays comparable when other processes compete for
 * the cores. Latency runs from just before a write to the poll that reports the file.
 */
public final class WatchBenchmark {

	private static final int FILES_PER_DIRECTORY = 100;

	private static final int DIRECTORIES_PER_PARENT = 10;

	public static void main(String[] args) throws Exception {
		Path tree = Path.of(args[0]).toAbsolutePath().normalize();
		int files = Integer.parseInt(args[1]);
		Duration interval = Duration.ofMillis(Long.parseLong(args[2]));
		Duration idle = Duration.ofSeconds(Long.parseLong(args[3]));
		int writes = Integer.parseInt(args[4]);
		List<Path> paths = generate(tree, files);
		boolean header = Boolean.getBoolean("benchmark.header");
		if (header) {
			System.out.printf(Locale.ROOT, "tree: %s, %d files, poll interval %d ms, idle %d s, %d writes%n", tree,
					paths.size(), interval.toMillis(), idle.toSeconds(), writes);
		}
		if (header) {
			System.out.printf(Locale.ROOT, "%-10s %9s %11s %12s %8s %8s  %s%n", "reloader", "setup ms", "idle cpu %",
					"cpu ms/poll", "p50 ms", "p95 ms", "name: describe()");
		}
		for (int i = 5; i < args.length; i++) {
			if (args[i].equals("none")) {
				TimeUnit.SECONDS.sleep(3);
				System.out.printf(Locale.ROOT, "%-10s %9s %11.2f %12s %8s %8s  %s%n", "none", "-", idleCpuPercent(idle),
						"-", "-", "-", "no reloader: what the JVM itself uses when idle");
				continue;
			}
			if (args[i].equals("floor")) {
				floor(paths, interval, idle);
				continue;
			}
			ReloaderType type = ReloaderType.valueOf(args[i].toUpperCase(Locale.ROOT));
			run(type, tree, paths, interval, idle, writes);
		}
	}

	private static void run(ReloaderType type, Path tree, List<Path> paths, Duration interval, Duration idle,
			int writes) throws Exception {
		String label = System.getProperty("benchmark.label", type.name().toLowerCase(Locale.ROOT));
		Reloader reloader;
		try {
			reloader = new ReloaderSelector(type, interval).select(WatchSet.builder().directory(tree).build())
				.reloader();
		}
		catch (IllegalStateException ex) {
			System.out.printf(Locale.ROOT, "%-10s skipped: %s%n", label, ex.getMessage());
			return;
		}
		long startNanos = System.nanoTime();
		reloader.start();
		long setupNanos = System.nanoTime() - startNanos;
		Map<Path, Long> detected = new ConcurrentHashMap<>();
		AtomicLong polls = new AtomicLong();
		Thread poller = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					List<FileChange> changes = reloader.poll(Duration.ofSeconds(30));
					polls.incrementAndGet();
					for (FileChange change : changes) {
						detected.putIfAbsent(change.path(), System.nanoTime());
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				ex.printStackTrace();
			}
		}, "poller");
		poller.setDaemon(true);
		poller.start();
		// Let the JIT settle before measuring.
		TimeUnit.SECONDS.sleep(3);
		long pollsBefore = polls.get();
		double idleCpu = idleCpuPercent(idle);
		long idlePolls = polls.get() - pollsBefore;
		String cpuPerPoll = (idlePolls > 0)
				? String.format(Locale.ROOT, "%.1f", idleCpu / 100 * idle.toMillis() / idlePolls) : "-";
		List<Long> latencies = latencies(paths, writes, interval, detected);
		String name = reloader.getName();
		String description = reloader.describe();
		poller.interrupt();
		reloader.close();
		System.out.printf(Locale.ROOT, "%-10s %9.0f %11.2f %12s %8.1f %8.1f  %s: %s%n", label, setupNanos / 1e6, idleCpu,
				cpuPerPoll, percentile(latencies, 50) / 1e6, percentile(latencies, 95) / 1e6, name, description);
	}

	/**
	 * What reading every file's attributes once per interval costs, with nothing else: the
	 * least that any reloader which polls every file can spend.
	 */
	private static void floor(List<Path> paths, Duration interval, Duration idle) throws Exception {
		AtomicLong passes = new AtomicLong();
		AtomicLong sink = new AtomicLong();
		Thread reader = new Thread(() -> {
			try {
				while (!Thread.currentThread().isInterrupted()) {
					long sum = 0;
					for (Path path : paths) {
						BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
						sum += attributes.lastModifiedTime().toMillis() + attributes.size();
					}
					sink.addAndGet(sum);
					passes.incrementAndGet();
					TimeUnit.NANOSECONDS.sleep(interval.toNanos());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (IOException ex) {
				ex.printStackTrace();
			}
		}, "floor");
		reader.setDaemon(true);
		reader.start();
		TimeUnit.SECONDS.sleep(3);
		long passesBefore = passes.get();
		double idleCpu = idleCpuPercent(idle);
		long idlePasses = passes.get() - passesBefore;
		reader.interrupt();
		String cpuPerPass = (idlePasses > 0)
				? String.format(Locale.ROOT, "%.1f", idleCpu / 100 * idle.toMillis() / idlePasses) : "-";
		System.out.printf(Locale.ROOT, "%-10s %9s %11.2f %12s %8s %8s  %s%n", "floor", "-", idleCpu, cpuPerPass, "-",
				"-", "one attribute read per file, then the interval: the least a polling reloader can spend");
	}

	private static double idleCpuPercent(Duration idle) throws InterruptedException {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		long cpuBefore = os.getProcessCpuTime();
		long wallBefore = System.nanoTime();
		TimeUnit.NANOSECONDS.sleep(idle.toNanos());
		long cpu = os.getProcessCpuTime() - cpuBefore;
		long wall = System.nanoTime() - wallBefore;
		return 100.0 * cpu / wall;
	}

	private static List<Long> latencies(List<Path> paths, int writes, Duration interval, Map<Path, Long> detected)
			throws IOException, InterruptedException {
		Random random = new Random(42);
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < writes; i++) {
			Path file = paths.get(random.nextInt(paths.size()));
			detected.remove(file);
			long written = System.nanoTime();
			Files.writeString(file, "write " + i + " at " + written);
			long deadline = written + TimeUnit.SECONDS.toNanos(30);
			Long seen;
			while ((seen = detected.get(file)) == null && System.nanoTime() < deadline) {
				TimeUnit.MICROSECONDS.sleep(200);
			}
			if (seen == null) {
				throw new IllegalStateException("No change reported for " + file + " within 30 s");
			}
			latencies.add(seen - written);
			// Wait a random part of the interval so that writes do not line up with ticks.
			TimeUnit.MILLISECONDS.sleep(50 + random.nextInt((int) Math.max(1, interval.toMillis())));
		}
		return latencies;
	}

	private static long percentile(List<Long> values, int percentile) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

	private static List<Path> generate(Path tree, int files) throws IOException {
		List<Path> paths = new ArrayList<>(files);
		int directories = (files + FILES_PER_DIRECTORY - 1) / FILES_PER_DIRECTORY;
		for (int d = 0; d < directories; d++) {
			Path directory = tree.resolve(String.format(Locale.ROOT, "p%03d/d%02d", d / DIRECTORIES_PER_PARENT,
					d % DIRECTORIES_PER_PARENT));
			for (int f = 0; f < FILES_PER_DIRECTORY && paths.size() < files; f++) {
				paths.add(directory.resolve(String.format(Locale.ROOT, "File%03d.class", f)));
			}
		}
		long existing;
		if (Files.isDirectory(tree)) {
			try (Stream<Path> stream = Files.walk(tree)) {
				existing = stream.filter(Files::isRegularFile)
					.filter((path) -> !path.getFileName().toString().startsWith("."))
					.count();
			}
		}
		else {
			existing = 0;
		}
		if (existing != files || !Files.exists(paths.get(paths.size() - 1))) {
			System.out.printf(Locale.ROOT, "generating %d files under %s%n", files, tree);
			for (Path path : paths) {
				Files.createDirectories(path.getParent());
				Files.writeString(path, "class file stand-in " + path.getFileName());
			}
		}
		return paths;
	}

}
