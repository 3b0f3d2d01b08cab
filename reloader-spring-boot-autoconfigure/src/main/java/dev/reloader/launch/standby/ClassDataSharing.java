package dev.reloader.launch.standby;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reloader.launch.ArgumentFile;
import dev.reloader.launch.ChildCommand;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A class-data sharing archive of the application's dependency jars, so that children
 * start faster. The first child records the classes it loads; the supervisor then builds
 * an archive of the jars' classes in the background, at low priority, and later children
 * map it. Class directories cannot be archived, so children using the archive get the
 * jars first on their class path and the class directories after them.
 * <p>
 * Archives live in a cache directory, one per key: the JDK, the JVM options and every jar
 * (path, size, modification time). A changed jar gives a new key and a new archive. A
 * failed build is remembered and never retried for the same key (a build stopped by a
 * signal, with the application, is no failure); a broken archive is ignored by the JVM
 * ({@code -Xshare:auto}). Nothing here can stop a child from starting.
 * <p>
 * The cache stays small: every child started with an archive marks it used by its
 * application, and once per supervisor the {@link ArchiveCache} removes, in the
 * background, the archives that each application no longer uses.
 * <p>
 * The archive is built with the child's options that decide its layout (the collector,
 * the heap's maximum, compressed pointers, object alignment) and with its module options
 * ({@code --add-opens} and the like, and the flight recorder's module for a child that
 * starts a recording), so that a child on ZGC, with a heap of 32 GB or more, or with
 * opened packages can map it (JDK 25 otherwise prints errors at every start).
 * <p>
 * On JDK 24 and later the archive is also built with {@code -XX:+AOTClassLinking}, so
 * that the archived classes come already linked, unless the child runs an agent
 * ({@code -agentlib}, {@code -agentpath}, {@code -javaagent}, {@code -Xrun}) or sets
 * {@code java.system.class.loader}: a JDK refuses an archive of linked classes to such a
 * JVM, a debugged one among them. {@code -XX:-AOTClassLinking} in the application's JVM
 * options turns it off. The key says which of the two an archive is.
 *
 * @author Reloader contributors
 */
public final class ClassDataSharing {

	private static final Log logger = LogFactory.getLog(ClassDataSharing.class);

	private static final String CLASS_LIST = "classes.lst";

	private static final String ARCHIVE = "dependencies.jsa";

	private static final String FAILED = "failed.log";

	/**
	 * The first JDK whose static archives can hold linked classes (JEP 483).
	 */
	static final int AOT_CLASS_LINKING_FEATURE = 24;

	private static final String LINK_CLASSES = "-XX:+AOTClassLinking";

	private static final String FLIGHT_RECORDER_MODULE = "--add-modules=jdk.jfr";

	private static final String UNLOCK_DIAGNOSTIC_OPTIONS = "-XX:+UnlockDiagnosticVMOptions";

	private static final String MAP_AT_BASE_ADDRESS = "-XX:ArchiveRelocationMode=0";

	/**
	 * The JDKs known to have {@code ArchiveRelocationMode}, a diagnostic option that a
	 * later JDK may drop: a JVM refuses to start with an option it does not know.
	 */
	private static final int FIRST_RELOCATION_MODE_FEATURE = 17;

	private static final int LAST_RELOCATION_MODE_FEATURE = 25;

	/**
	 * The exit codes of a process ended by SIGHUP, SIGINT, SIGKILL or SIGTERM.
	 */
	private static final Set<Integer> STOP_SIGNAL_EXIT_CODES = Set.of(129, 130, 137, 143);

	private static final Pattern LAYOUT_OPTION = Pattern.compile("-Xmx.*|-XX:[+-]Use\\w*GC"
			+ "|-XX:[+-](UseCompressedOops|UseCompressedClassPointers|UseCompactObjectHeaders|ZGenerational"
			+ "|UnlockExperimentalVMOptions|UnlockDiagnosticVMOptions|AOTClassLinking)"
			+ "|-XX:(MaxHeapSize|MaxRAM|MaxRAMPercentage|MaxRAMFraction|ObjectAlignmentInBytes|HeapBaseMinAddress)=.*"
			+ "|--(add-opens|add-exports|add-reads|add-modules|limit-modules|patch-module|enable-native-access)=.*"
			+ "|--enable-preview");

	private static final Pattern UNLINKABLE_OPTION = Pattern
		.compile("-agentlib:.*|-agentpath:.*|-javaagent:.*|-Xrun.*|-Djava\\.system\\.class\\.loader=.*");

	private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

	private static final Map<String, Integer> featureVersions = new ConcurrentHashMap<>();

	private final Path cacheDirectory;

	private final Runnable archiveReady;

	private final ArchiveCache cache;

	private final Object monitor = new Object();

	private boolean pruned;

	private Path recording;

	private Thread builder;

	private Process dump;

	private boolean closed;

	/**
	 * Create a new instance.
	 * @param cacheDirectory where archives are kept, one subdirectory per key
	 */
	public ClassDataSharing(Path cacheDirectory) {
		this(cacheDirectory, ArchiveCache.DEFAULT_ARCHIVES_KEPT, () -> {
		});
	}

	/**
	 * Create a new instance.
	 * @param cacheDirectory where archives are kept, one subdirectory per key
	 * @param archivesKept how many archives to keep for each application
	 * @param archiveReady called (on the building thread) when an archive has been built
	 */
	public ClassDataSharing(Path cacheDirectory, int archivesKept, Runnable archiveReady) {
		this.cacheDirectory = cacheDirectory;
		this.archiveReady = archiveReady;
		this.cache = new ArchiveCache(cacheDirectory, archivesKept);
	}

	/**
	 * Return the default cache directory: {@code $XDG_CACHE_HOME/reloader/cds}, else
	 * {@code ~/.cache/reloader/cds}.
	 * @return the directory
	 */
	public static Path defaultCacheDirectory() {
		String xdg = System.getenv("XDG_CACHE_HOME");
		Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg)
				: Path.of(System.getProperty("user.home"), ".cache");
		return base.resolve("reloader").resolve("cds");
	}

	/**
	 * Return the command for the next child: with the archive where one is ready, with
	 * class recording where none is recorded yet, else unchanged.
	 * @param command the child command
	 * @return the command to start
	 */
	public ChildCommand apply(ChildCommand command) {
		List<Path> jars = jarsOf(command);
		if (command.isJarLaunch() || jars.isEmpty()) {
			return command;
		}
		try {
			Path directory = this.cacheDirectory.resolve(key(command, jars));
			ChildCommand applied = apply(command, jars, directory);
			if (Files.isDirectory(directory)) {
				this.cache.markUsed(directory, ArchiveCache.applicationOf(command));
			}
			pruneOnce();
			return applied;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Class-data sharing is not used for this child", ex);
		}
		return command;
	}

	private ChildCommand apply(ChildCommand command, List<Path> jars, Path directory) throws IOException {
		Path archive = directory.resolve(ARCHIVE);
		if (Files.isRegularFile(archive)) {
			return withArchive(command, jars, archive);
		}
		synchronized (this.monitor) {
			if (this.builder != null || this.closed || Files.exists(directory.resolve(FAILED))) {
				return command;
			}
			if (Files.isRegularFile(directory.resolve(CLASS_LIST))) {
				startBuild(command, directory);
				return command;
			}
			if (this.recording == null) {
				Files.createDirectories(directory);
				this.recording = directory;
				List<String> options = new ArrayList<>(command.getJvmOptions());
				options.add("-XX:DumpLoadedClassList=" + directory.resolve(CLASS_LIST + ".tmp"));
				return command.withJvmOptions(options);
			}
		}
		return command;
	}

	/**
	 * Remove the archives no longer kept, once per supervisor, after the first child has
	 * marked its own as used, on a thread of its own: a child's start never waits for it.
	 */
	private void pruneOnce() {
		synchronized (this.monitor) {
			if (this.pruned || this.closed) {
				return;
			}
			this.pruned = true;
		}
		Thread pruning = new Thread(() -> this.cache.prune(Instant.now()), "reloader-class-data-cache");
		pruning.setDaemon(true);
		pruning.setPriority(Thread.MIN_PRIORITY);
		pruning.start();
	}

	/**
	 * Called when a child has exited: the class list of the child that recorded one starts
	 * the archive build in the background, if that child got far enough for its list to be
	 * whole. The list of a child that failed before it was ready (a broken build, a
	 * database not up yet) holds only the classes of a start cut short, and an archive of
	 * it would be kept for good: it is dropped, and the next child records again.
	 * @param command the child command (as given to {@link #apply(ChildCommand)})
	 * @param whole whether the child was ready, or ended normally or to be restarted
	 */
	public void childExited(ChildCommand command, boolean whole) {
		synchronized (this.monitor) {
			Path directory = this.recording;
			this.recording = null;
			if (directory == null || this.builder != null || this.closed) {
				return;
			}
			Path list = directory.resolve(CLASS_LIST + ".tmp");
			try {
				if (!whole) {
					Files.deleteIfExists(list);
					logger.debug("Dropped the class list of a child that did not get ready; the next child records one");
					return;
				}
				if (!Files.isRegularFile(list) || Files.size(list) == 0) {
					return;
				}
				Files.move(list, directory.resolve(CLASS_LIST), StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				logger.debug("Could not keep the recorded class list " + list, ex);
				return;
			}
			startBuild(command, directory);
		}
	}

	private void startBuild(ChildCommand command, Path directory) {
		this.builder = new Thread(
				new Build(command.getJavaExecutable(), dumpOptions(command), jarsOf(command), directory),
				"reloader-class-data-sharing");
		this.builder.setDaemon(true);
		this.builder.setPriority(Thread.MIN_PRIORITY);
		this.builder.start();
	}

	/**
	 * Wait for a running archive build to end.
	 * @param timeoutMillis how long to wait at most
	 * @return whether no build is running any more
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitBuild(long timeoutMillis) throws InterruptedException {
		Thread running;
		synchronized (this.monitor) {
			running = this.builder;
		}
		if (running != null) {
			running.join(timeoutMillis);
			return !running.isAlive();
		}
		return true;
	}

	/**
	 * Stop an archive build that is still running; it is started again by a later
	 * supervisor.
	 */
	public void close() {
		synchronized (this.monitor) {
			this.closed = true;
			if (this.dump != null) {
				this.dump.destroyForcibly();
			}
		}
	}

	/**
	 * Return the command with the archive mapped. Where the JDK has it and the user did
	 * not choose otherwise, the archive is mapped at the address it was built for
	 * ({@code -XX:ArchiveRelocationMode=0}; the JDK falls back to another address where
	 * that one is taken) rather than at a random one, which JDK 17.0.15 and later do by
	 * default: an archive moved elsewhere has every pointer in it rewritten at the JVM's
	 * start, which took about 0.27 s for the library benchmark application's 110 MB
	 * archive and left every page of it private to the JVM, so that the application and
	 * the waiting standby did not share it. What is given up is the address randomization
	 * of the archived class metadata, in a development JVM.
	 */
	private static ChildCommand withArchive(ChildCommand command, List<Path> jars, Path archive) {
		List<String> options = new ArrayList<>(command.getJvmOptions());
		options.removeIf((option) -> option.startsWith("-Xshare:"));
		options.add("-XX:SharedArchiveFile=" + archive);
		options.add("-Xshare:auto");
		int feature = featureVersion(command.getJavaExecutable());
		if (feature >= FIRST_RELOCATION_MODE_FEATURE && feature <= LAST_RELOCATION_MODE_FEATURE
				&& options.stream().noneMatch((option) -> option.startsWith("-XX:ArchiveRelocationMode"))) {
			if (!options.contains(UNLOCK_DIAGNOSTIC_OPTIONS)) {
				options.add(UNLOCK_DIAGNOSTIC_OPTIONS);
			}
			options.add(MAP_AT_BASE_ADDRESS);
		}
		List<Path> classPath = new ArrayList<>(jars);
		for (Path entry : command.getClassPathEntries()) {
			if (!jars.contains(entry)) {
				classPath.add(entry);
			}
		}
		return command.withJvmOptions(options).withClassPath(classPath);
	}

	/**
	 * Return whether two child commands run the same application in the same way, apart
	 * from the class-data archive: its options (recording a class list, mapping an
	 * archive) and the order of the class path that an archive needs (jars first). A
	 * standby started before the archive was built can stand in for a child that would
	 * use it: it runs the application as the first child did.
	 * @param first a child command
	 * @param second another child command
	 * @return whether they differ in their class-data archive at most
	 */
	public static boolean sameApartFromArchive(ChildCommand first, ChildCommand second) {
		return first.getJavaExecutable().equals(second.getJavaExecutable())
				&& withoutArchiveOptions(first.getJvmOptions()).equals(withoutArchiveOptions(second.getJvmOptions()))
				&& first.getTarget().equals(second.getTarget()) && first.getArguments().equals(second.getArguments())
				&& sorted(first.getClassPathEntries()).equals(sorted(second.getClassPathEntries()))
				&& first.withClassPath(List.of()).withJvmOptions(List.of())
					.toCommandLine()
					.equals(second.withClassPath(List.of()).withJvmOptions(List.of()).toCommandLine());
	}

	private static List<String> withoutArchiveOptions(List<String> options) {
		return options.stream().filter((option) -> !isArchiveOption(option)).toList();
	}

	/**
	 * Whether an option only says how the class-data archive is recorded or mapped. The
	 * unlocking of diagnostic options counts as one, since mapping the archive at its base
	 * address adds it: alone it changes nothing, and the diagnostic options it allows are
	 * compared themselves.
	 */
	private static boolean isArchiveOption(String option) {
		return option.startsWith("-Xshare:") || option.startsWith("-XX:SharedArchiveFile")
				|| option.startsWith("-XX:DumpLoadedClassList") || option.startsWith("-XX:ArchiveRelocationMode")
				|| option.equals(UNLOCK_DIAGNOSTIC_OPTIONS);
	}

	private static List<Path> sorted(List<Path> entries) {
		return entries.stream().sorted().toList();
	}

	public static List<Path> jarsOf(ChildCommand command) {
		List<Path> jars = new ArrayList<>();
		for (Path entry : command.getClassPathEntries()) {
			if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
				jars.add(entry);
			}
		}
		return jars;
	}

	public static String key(ChildCommand command, List<Path> jars) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			update(digest, command.getJavaExecutable());
			update(digest, System.getProperty("java.vm.version"));
			for (String option : command.getJvmOptions()) {
				if (!isArchiveOption(option) && !option.startsWith("-agentlib:jdwp")) {
					update(digest, option);
				}
			}
			for (Path jar : jars) {
				BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
				update(digest, jar.toAbsolutePath().toString());
				update(digest, Long.toString(attributes.size()));
				update(digest, Long.toString(attributes.lastModifiedTime().toMillis()));
			}
			if (linksClasses(command)) {
				update(digest, LINK_CLASSES);
			}
			return HexFormat.of().formatHex(digest.digest(), 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void update(MessageDigest digest, String value) {
		digest.update(value.getBytes(StandardCharsets.UTF_8));
		digest.update((byte) 0);
	}

	/**
	 * Return the options for {@code java -Xshare:dump} that make an archive this child can
	 * map: the child's own options that decide the archive's layout, and
	 * {@code -XX:+AOTClassLinking} where its JDK has it and no agent runs.
	 * @param command the child command
	 * @return the options, in the child's order
	 */
	static List<String> dumpOptions(ChildCommand command) {
		List<String> options = new ArrayList<>();
		for (String option : command.getJvmOptions()) {
			if (LAYOUT_OPTION.matcher(option).matches()) {
				options.add(option);
			}
			else if (option.startsWith("-XX:StartFlightRecording") && !options.contains(FLIGHT_RECORDER_MODULE)) {
				// A recording adds the module; the dump must not record, and write a file
				options.add(FLIGHT_RECORDER_MODULE);
			}
		}
		if (linksClasses(command) && !options.contains(LINK_CLASSES)) {
			options.add(LINK_CLASSES);
		}
		return options;
	}

	private static boolean linksClasses(ChildCommand command) {
		List<String> options = command.getJvmOptions();
		return featureVersion(command.getJavaExecutable()) >= AOT_CLASS_LINKING_FEATURE
				&& !options.contains("-XX:-AOTClassLinking")
				&& options.stream().noneMatch((option) -> UNLINKABLE_OPTION.matcher(option).matches());
	}

	/**
	 * Return the feature version of the JDK of a {@code java} executable: this JVM's own,
	 * or the one its {@code release} file names; 0 when it cannot be told.
	 * @param javaExecutable the path of the executable
	 * @return the feature version, such as 17 or 25
	 */
	static int featureVersion(String javaExecutable) {
		// Asked for every child's key: read each JDK's release file once
		return featureVersions.computeIfAbsent(javaExecutable, ClassDataSharing::readFeatureVersion);
	}

	private static int readFeatureVersion(String javaExecutable) {
		Path home = Path.of(javaExecutable).toAbsolutePath().normalize().getParent();
		home = (home != null) ? home.getParent() : null;
		if (home == null) {
			return 0;
		}
		if (home.equals(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize())) {
			return Runtime.version().feature();
		}
		try {
			Matcher matcher = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
			return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * Builds the archive from the recorded class list with {@code java -Xshare:dump}.
	 */
	private final class Build implements Runnable {

		private final String javaExecutable;

		private final List<String> options;

		private final List<Path> jars;

		private final Path directory;

		Build(String javaExecutable, List<String> options, List<Path> jars, Path directory) {
			this.javaExecutable = javaExecutable;
			this.options = List.copyOf(options);
			this.jars = List.copyOf(jars);
			this.directory = directory;
		}

		@Override
		public void run() {
			long start = System.nanoTime();
			Path temporary = this.directory.resolve(ARCHIVE + ".tmp");
			Path log = this.directory.resolve("dump.log");
			try {
				List<String> command = new ArrayList<>();
				if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
					command.addAll(List.of("/usr/bin/nice", "-n", "19"));
				}
				command.add(this.javaExecutable);
				command.addAll(this.options);
				command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + this.directory.resolve(CLASS_LIST),
						"-XX:SharedArchiveFile=" + temporary, "-cp", joinPaths(this.jars)));
				Process process;
				synchronized (ClassDataSharing.this.monitor) {
					if (ClassDataSharing.this.closed) {
						return;
					}
					process = new ProcessBuilder(ArgumentFile.shorten(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
					ClassDataSharing.this.dump = process;
				}
				if (!process.waitFor(10, TimeUnit.MINUTES)) {
					process.destroyForcibly();
					fail(log, "timed out");
					return;
				}
				synchronized (ClassDataSharing.this.monitor) {
					if (ClassDataSharing.this.closed) {
						return;
					}
				}
				if (STOP_SIGNAL_EXIT_CODES.contains(process.exitValue())) {
					// Stopped with the application (a Ctrl-C reaches the whole process
					// group): not a failure, a later supervisor builds it
					Files.deleteIfExists(temporary);
					logger.debug("The archive build was stopped (exit code " + process.exitValue() + ")");
					return;
				}
				if (process.exitValue() != 0 || !Files.isRegularFile(temporary)) {
					fail(log, "exit code " + process.exitValue());
					return;
				}
				Files.move(temporary, this.directory.resolve(ARCHIVE), StandardCopyOption.REPLACE_EXISTING,
						StandardCopyOption.ATOMIC_MOVE);
				logger.info("Class-data sharing archive of " + this.jars.size() + " dependency jars built in "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms; later restarts use it");
				ClassDataSharing.this.archiveReady.run();
			}
			catch (IOException ex) {
				fail(log, ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				synchronized (ClassDataSharing.this.monitor) {
					ClassDataSharing.this.builder = null;
					ClassDataSharing.this.dump = null;
				}
			}
		}

		private void fail(Path log, String reason) {
			logger.warn("Could not build a class-data sharing archive (" + reason + "; see " + log
					+ "); restarts go on without it");
			try {
				Files.writeString(this.directory.resolve(FAILED), reason + System.lineSeparator());
			}
			catch (IOException ex) {
				logger.debug("Could not record the failure in " + this.directory, ex);
			}
		}

	}

	private static String joinPaths(List<Path> paths) {
		List<String> names = new ArrayList<>();
		paths.forEach((path) -> names.add(path.toString()));
		return String.join(File.pathSeparator, names);
	}

}
