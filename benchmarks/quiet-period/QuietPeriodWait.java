import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.ChangeType;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.MavenCompilerStatus;
import dev.reloader.watch.QuietPeriod;
import dev.reloader.watch.ReloadLoop;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.ReloaderType;
import dev.reloader.watch.WatchSet;

/**
 * Measures the reloader's wait from the last class file written to the batch taken, with
 * the real tick loop and a real reloader on a real class directory, for an IDE-like save
 * (a few class files written at once, no deletion) and for a real build command. Prints
 * per run the number of batches (one build must give one) and the wait.
 *
 * Usage: java -cp MODULE_CLASSES:COMMONS_LOGGING_JAR QuietPeriodWait.java
 *            CLASS_DIR TYPE QUIET SHORT RUNS ide|SOURCE_TO_TOUCH [COMMAND...]
 * TYPE is stat, native or watchman; QUIET and SHORT are the quiet periods in ms (SHORT
 * equal to QUIET: the behaviour without the short period and the build's status).
 */
public class QuietPeriodWait {

	public static void main(String[] args) throws Exception {
		Path classes = Paths.get(args[0]).toAbsolutePath();
		ReloaderType type = ReloaderType.valueOf(args[1].toUpperCase());
		Duration quiet = Duration.ofMillis(Long.parseLong(args[2]));
		Duration shortQuiet = Duration.ofMillis(Long.parseLong(args[3]));
		int runs = Integer.parseInt(args[4]);
		String what = args[5];
		List<String> command = List.of(args).subList(6, args.length);
		WatchSet watchSet = WatchSet.builder().directory(classes).build();
		Reloader reloader = new ReloaderSelector(type, Duration.ofMillis(500)).select(watchSet).reloader();
		reloader.start();
		List<ChangeBatch> batches = Collections.synchronizedList(new ArrayList<>());
		List<Instant> takenAt = Collections.synchronizedList(new ArrayList<>());
		ReloadLoop loop = new ReloadLoop(reloader, new QuietPeriod(quiet, Duration.ofSeconds(10), shortQuiet),
				(batch) -> {
					takenAt.add(Instant.now());
					batches.add(batch);
					return true;
				});
		if (shortQuiet.compareTo(quiet) < 0) {
			loop.withBuildStatus(new MavenCompilerStatus(List.of(classes)));
		}
		Thread thread = new Thread(loop, "loop");
		thread.setDaemon(true);
		thread.start();
		List<Long> waits = new ArrayList<>();
		System.out.printf("%s reloader, quiet period %d ms, short %d ms, %s%n", reloader.getName(), quiet.toMillis(),
				shortQuiet.toMillis(), what.equals("ide") ? "IDE-like save of 3 class files" : String.join(" ", command));
		System.out.println("run  batches  last-write->batch-taken(ms)");
		for (int run = 1; run <= runs; run++) {
			Thread.sleep(1500);
			batches.clear();
			takenAt.clear();
			if (what.equals("ide")) {
				writeLikeAnIde(classes);
			}
			else {
				Path source = Paths.get(what);
				Files.writeString(source, Files.readString(source) + "\n// run " + run + " " + System.nanoTime() + "\n");
				Process process = new ProcessBuilder(command).inheritIO().start();
				process.waitFor();
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
			while (batches.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			// Later batches of the same build, if any
			Thread.sleep(quiet.toMillis() + 1500);
			if (batches.isEmpty()) {
				System.out.printf("%3d  %7d  -%n", run, 0);
				continue;
			}
			Instant lastWrite = lastWrite(batches.get(0));
			long wait = Duration.between(lastWrite, takenAt.get(0)).toMillis();
			waits.add(wait);
			System.out.printf("%3d  %7d  %d%n", run, batches.size(), wait);
			if (batches.size() > 1) {
				for (int i = 0; i < batches.size(); i++) {
					System.out.printf("       batch %d at +%d ms: %s%n", i + 1,
							Duration.between(takenAt.get(0), takenAt.get(i)).toMillis(),
							batches.get(i).describe((path) -> classes.relativize(path).toString()));
				}
			}
		}
		Collections.sort(waits);
		if (!waits.isEmpty()) {
			System.out.printf("median %d ms, range %d-%d ms%n", waits.get(waits.size() / 2), waits.get(0),
					waits.get(waits.size() - 1));
		}
		loop.stop();
		reloader.close();
	}

	/**
	 * Write three class files at once, as an IDE's incremental build does after a save.
	 */
	private static void writeLikeAnIde(Path classes) throws IOException {
		List<Path> files;
		try (Stream<Path> stream = Files.walk(classes)) {
			files = stream.filter((file) -> file.toString().endsWith(".class")).sorted().limit(3).toList();
		}
		List<byte[]> contents = new ArrayList<>();
		for (Path file : files) {
			contents.add(Files.readAllBytes(file));
		}
		for (int i = 0; i < files.size(); i++) {
			Files.write(files.get(i), contents.get(i));
		}
	}

	private static Instant lastWrite(ChangeBatch batch) throws IOException {
		Instant last = Instant.MIN;
		for (FileChange change : batch.getChanges()) {
			if (change.type() != ChangeType.DELETED && Files.exists(change.path())) {
				Instant modified = Files.getLastModifiedTime(change.path()).toInstant();
				last = modified.isAfter(last) ? modified : last;
			}
		}
		return last;
	}

}
