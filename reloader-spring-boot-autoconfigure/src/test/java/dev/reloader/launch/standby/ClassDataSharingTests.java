package dev.reloader.launch.standby;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.reloader.launch.ChildCommand;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ClassDataSharing}, with real {@code java -Xshare:dump} runs.
 *
 * @author Reloader contributors
 */
class ClassDataSharingTests {

	@TempDir
	Path temp;

	private Path cache;

	private Path jar;

	private Path classes;

	private ChildCommand command;

	@BeforeEach
	void setUp() throws IOException {
		this.cache = this.temp.resolve("cache");
		this.classes = Files.createDirectories(this.temp.resolve("classes"));
		this.jar = Files.copy(jarOf(org.assertj.core.api.Assertions.class), this.temp.resolve("library.jar"));
		this.command = command(this.classes + File.pathSeparator + this.jar);
	}

	@Test
	void firstChildRecordsItsClassesAndLaterChildrenGetTheArchiveWithJarsFirst() throws Exception {
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		ChildCommand first = sharing.apply(this.command);
		String recording = option(first, "-XX:DumpLoadedClassList=");
		assertThat(recording).isNotNull();
		assertThat(sharing.apply(this.command).toCommandLine()).isEqualTo(this.command.toCommandLine());
		Files.writeString(Path.of(recording), "java/lang/Object\njava/lang/String\njava/util/ArrayList\n");
		sharing.childExited(first, true);
		assertThat(sharing.awaitBuild(TimeUnit.MINUTES.toMillis(2))).isTrue();
		ChildCommand later = sharing.apply(this.command);
		String archive = option(later, "-XX:SharedArchiveFile=");
		assertThat(archive).isNotNull();
		assertThat(Path.of(archive)).isRegularFile();
		assertThat(later.getJvmOptions()).contains("-Xshare:auto");
		assertThat(later.getClassPathEntries()).containsExactly(this.jar, this.classes);
		assertThat(runJava(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", this.jar.toString(),
				"-version"))).isZero();
	}

	@Test
	void childWithoutTheArchiveRunsTheSameApplicationAsOneWithIt() throws Exception {
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		ChildCommand first = sharing.apply(this.command);
		Files.writeString(Path.of(option(first, "-XX:DumpLoadedClassList=")), "java/lang/Object\n");
		sharing.childExited(first, true);
		assertThat(sharing.awaitBuild(TimeUnit.MINUTES.toMillis(2))).isTrue();
		ChildCommand archived = sharing.apply(this.command);
		assertThat(option(archived, "-XX:SharedArchiveFile=")).isNotNull();
		// A standby started before the archive was built stands in for the next child
		assertThat(ClassDataSharing.sameApartFromArchive(this.command, archived)).isTrue();
		assertThat(ClassDataSharing.sameApartFromArchive(first, archived)).isTrue();
		assertThat(ClassDataSharing.sameApartFromArchive(this.command.withJvmOptions(List.of("-Xmx1g")), archived))
			.isFalse();
		assertThat(ClassDataSharing.sameApartFromArchive(this.command.withClassPath(List.of(this.jar)), archived))
			.isFalse();
		assertThat(ClassDataSharing.sameApartFromArchive(
				this.command.withMainClass("com.example.Other", List.of()), archived))
			.isFalse();
	}

	@Test
	void childMapsTheArchiveAtTheAddressItWasBuiltForWithoutRewritingIt() throws Exception {
		String archive = buildArchive(this.command);
		ChildCommand child = new ClassDataSharing(this.cache).apply(this.command);
		List<String> options = new ArrayList<>(child.getJvmOptions());
		assertThat(options).containsSubsequence("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
		options.add("-Xlog:cds=info");
		String mapping = run(javaExecutable(), withClassPathAndVersion(options, child));
		assertThat(mapping).contains("Mapped static  region #0 at base")
			.doesNotContain("at an alternative address")
			.doesNotContain("[error]");
		// The option unlocked for the mapping changes neither the key nor the fit of a standby
		assertThat(ClassDataSharing.sameApartFromArchive(this.command, child)).isTrue();
		assertThat(ClassDataSharing.key(child, ClassDataSharing.jarsOf(child)))
			.isEqualTo(ClassDataSharing.key(this.command, ClassDataSharing.jarsOf(this.command)));
		assertThat(archive).isEqualTo(option(child, "-XX:SharedArchiveFile="));
	}

	@Test
	void archiveRelocationModeOfTheUserIsKept() throws Exception {
		ChildCommand child = command(javaExecutable(), List.of("-XX:+UnlockDiagnosticVMOptions",
				"-XX:ArchiveRelocationMode=1"));
		buildArchive(child);
		List<String> options = new ClassDataSharing(this.cache).apply(child).getJvmOptions();
		assertThat(options).containsOnlyOnce("-XX:+UnlockDiagnosticVMOptions")
			.contains("-XX:ArchiveRelocationMode=1")
			.doesNotContain("-XX:ArchiveRelocationMode=0");
	}

	@Test
	void childMarksItsArchiveUsedAndARemovedArchiveIsBuiltAgain() throws Exception {
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		ChildCommand first = sharing.apply(this.command);
		Files.writeString(Path.of(option(first, "-XX:DumpLoadedClassList=")), "java/lang/Object\n");
		sharing.childExited(first, true);
		assertThat(sharing.awaitBuild(TimeUnit.MINUTES.toMillis(2))).isTrue();
		Path archive = Path.of(option(sharing.apply(this.command), "-XX:SharedArchiveFile="));
		Path directory = archive.getParent();
		assertThat(directory.resolve("used-by-" + ArchiveCache.applicationOf(this.command))).isRegularFile();
		// Unused for 31 days, as the next supervisor's pruning sees it
		assertThat(new ArchiveCache(this.cache, 3).prune(Instant.now().plus(Duration.ofDays(31))))
			.containsExactly(directory);
		ClassDataSharing next = new ClassDataSharing(this.cache);
		ChildCommand recording = next.apply(this.command);
		assertThat(option(recording, "-XX:SharedArchiveFile=")).isNull();
		Files.writeString(Path.of(option(recording, "-XX:DumpLoadedClassList=")), "java/lang/Object\n");
		next.childExited(recording, true);
		assertThat(next.awaitBuild(TimeUnit.MINUTES.toMillis(2))).isTrue();
		assertThat(option(next.apply(this.command), "-XX:SharedArchiveFile=")).isEqualTo(archive.toString());
		assertThat(runJava(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", this.jar.toString(),
				"-version"))).isZero();
	}

	@Test
	void classListOfAChildThatDidNotGetReadyIsDroppedAndRecordedAgain() throws Exception {
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		ChildCommand first = sharing.apply(this.command);
		Path list = Path.of(option(first, "-XX:DumpLoadedClassList="));
		Files.writeString(list, "java/lang/Object\n");
		sharing.childExited(first, false);
		assertThat(sharing.awaitBuild(TimeUnit.MINUTES.toMillis(1))).isTrue();
		assertThat(list).doesNotExist();
		assertThat(list.resolveSibling("classes.lst")).doesNotExist();
		ChildCommand second = sharing.apply(this.command);
		assertThat(option(second, "-XX:DumpLoadedClassList=")).isEqualTo(list.toString());
		assertThat(option(second, "-XX:SharedArchiveFile=")).isNull();
	}

	@Test
	void buildStoppedBySignalIsNoFailureAndIsDoneByTheNextSupervisor() throws Exception {
		// A java that stands still the first time (as a build would when the user presses
		// Ctrl-C) and is the real one after that
		Path bin = Files.createDirectories(this.temp.resolve("jdk/bin"));
		Path java = bin.resolve("java");
		Path once = this.temp.resolve("stood-still");
		Files.writeString(java, "#!/bin/sh\nif [ -e '" + once + "' ]; then exec '" + javaExecutable()
				+ "' \"$@\"; fi\ntouch '" + once + "'\nexec sleep 60\n");
		assertThat(java.toFile().setExecutable(true)).isTrue();
		ChildCommand child = command(java.toString(), List.of());
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		ChildCommand first = sharing.apply(child);
		Files.writeString(Path.of(option(first, "-XX:DumpLoadedClassList=")), "java/lang/Object\n");
		sharing.childExited(first, true);
		Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(once) && sleeper().isPresent());
		sleeper().get().destroy();
		assertThat(sharing.awaitBuild(TimeUnit.MINUTES.toMillis(1))).isTrue();
		Path directory = this.cache.resolve(ClassDataSharing.key(child, List.of(this.jar)));
		assertThat(directory.resolve("failed.log")).doesNotExist();
		assertThat(directory.resolve("dependencies.jsa.tmp")).doesNotExist();
		ClassDataSharing next = new ClassDataSharing(this.cache);
		assertThat(next.apply(child).toCommandLine()).isEqualTo(child.toCommandLine());
		assertThat(next.awaitBuild(TimeUnit.MINUTES.toMillis(2))).isTrue();
		assertThat(option(next.apply(child), "-XX:SharedArchiveFile=")).isNotNull();
	}

	private static Optional<ProcessHandle> sleeper() {
		return ProcessHandle.current()
			.descendants()
			.filter((process) -> process.info().command().map((command) -> command.endsWith("sleep")).orElse(false))
			.findFirst();
	}

	@Test
	void archiveIsBuiltForTheLayoutOfTheChildsHeap() throws Exception {
		ChildCommand child = command(javaExecutable(), List.of("-XX:-UseCompressedOops"));
		String archive = buildArchive(child);
		assertThat(runJava(List.of("-XX:-UseCompressedOops", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp",
				this.jar.toString(), "-version"))).isZero();
	}

	@Test
	void dumpTakesTheOptionsThatShapeTheArchiveAndNoOthers() {
		ChildCommand child = command(javaExecutable(),
				List.of("-Xmx40g", "-XX:+UseZGC", "-XX:-UseCompressedOops", "-XX:ObjectAlignmentInBytes=16",
						"--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:StartFlightRecording=filename=app.jfr",
						"-Xlog:gc:file=gc.log", "-Dapp.mode=dev", "-XX:+HeapDumpOnOutOfMemoryError",
						"-javaagent:agent.jar", "-XX:TieredStopAtLevel=1"));
		assertThat(ClassDataSharing.dumpOptions(child)).containsExactly("-Xmx40g", "-XX:+UseZGC",
				"-XX:-UseCompressedOops", "-XX:ObjectAlignmentInBytes=16", "--add-opens=java.base/java.lang=ALL-UNNAMED",
				"--add-modules=jdk.jfr");
	}

	@Test
	void onJdk24AndLaterTheArchiveHoldsLinkedClassesUnlessAnAgentRuns() throws Exception {
		Path jdk25 = Path.of(System.getenv().getOrDefault("JDK25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin",
				"java");
		assumeTrue(Files.isExecutable(jdk25), "No JDK 25 at " + jdk25 + " (set JDK25_HOME)");
		assertThat(ClassDataSharing.featureVersion(jdk25.toString())).isEqualTo(25);
		assertThat(ClassDataSharing.featureVersion(javaExecutable())).isEqualTo(Runtime.version().feature());
		String opens = "--add-opens=java.base/java.lang=ALL-UNNAMED";
		String debugger = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
		String linked = buildArchive(command(jdk25.toString(), List.of(opens)));
		String unlinked = buildArchive(command(jdk25.toString(), List.of(opens, debugger)));
		assertThat(unlinked).isNotEqualTo(linked);
		// The child's module options went into the archive: no error at its start
		assertThat(run(jdk25.toString(), List.of(opens, "-Xshare:on", "-XX:SharedArchiveFile=" + linked, "-cp",
				this.jar.toString(), "-version")))
			.doesNotContain("[error]")
			.contains("version \"25");
		// A JVM with a debugger may not map linked classes; the debugger's own archive has none
		assertThat(run(jdk25.toString(), List.of(opens, debugger, "-Xshare:on", "-XX:SharedArchiveFile=" + linked,
				"-cp", this.jar.toString(), "-version")))
			.contains("aot-linked classes");
		assertThat(run(jdk25.toString(), List.of(opens, debugger, "-Xshare:on", "-XX:SharedArchiveFile=" + unlinked,
				"-cp", this.jar.toString(), "-version")))
			.doesNotContain("[error]")
			.contains("version \"25");
	}

	@Test
	void brokenArchiveDoesNotStopAChild() throws Exception {
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		Path directory = this.cache.resolve(ClassDataSharing.key(this.command, List.of(this.jar)));
		Files.createDirectories(directory);
		Files.writeString(directory.resolve("dependencies.jsa"), "not an archive");
		ChildCommand child = sharing.apply(this.command);
		assertThat(option(child, "-XX:SharedArchiveFile=")).isNotNull();
		List<String> options = new ArrayList<>(child.getJvmOptions());
		options.add("-version");
		assertThat(runJava(options)).isZero();
	}

	@Test
	void failedBuildIsRememberedAndNotRetried() throws Exception {
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		ChildCommand first = sharing.apply(this.command);
		Files.writeString(Path.of(option(first, "-XX:DumpLoadedClassList=")), "java/lang/Object\n");
		ChildCommand broken = ChildCommand.of(this.temp.resolve("no-java").toString(), first.getJvmOptions(),
				Map.of("java.class.path", this.classes + File.pathSeparator + this.jar, "sun.java.command",
						"com.example.App")::get,
				List.of(), null);
		sharing.childExited(broken, true);
		assertThat(sharing.awaitBuild(TimeUnit.MINUTES.toMillis(1))).isTrue();
		ChildCommand next = sharing.apply(this.command);
		assertThat(next.toCommandLine()).isEqualTo(this.command.toCommandLine());
		assertThat(new ClassDataSharing(this.cache).apply(this.command).toCommandLine())
			.isEqualTo(this.command.toCommandLine());
	}

	@Test
	void changedJarGivesAnotherKey() throws IOException {
		String before = ClassDataSharing.key(this.command, List.of(this.jar));
		Files.setLastModifiedTime(this.jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
		assertThat(ClassDataSharing.key(this.command, List.of(this.jar))).isNotEqualTo(before);
	}

	@Test
	void jarLaunchIsLeftAlone() {
		ChildCommand jarLaunch = ChildCommand.of("java", List.of(),
				Map.of("java.class.path", this.jar.toString(), "sun.java.command", this.jar.toString())::get, List.of(),
				null);
		assertThat(new ClassDataSharing(this.cache).apply(jarLaunch)).isSameAs(jarLaunch);
	}

	private ChildCommand command(String classPath) {
		return ChildCommand.of(javaExecutable(), List.of(),
				Map.of("java.class.path", classPath, "sun.java.command", "com.example.App")::get, List.of(), null);
	}

	private ChildCommand command(String java, List<String> jvmOptions) {
		return ChildCommand.of(java, jvmOptions, Map.of("java.class.path",
				this.classes + File.pathSeparator + this.jar, "sun.java.command", "com.example.App")::get, List.of(),
				null);
	}

	/**
	 * Record a class list for the child, build its archive in a cache of its own and
	 * return the archive's path.
	 */
	private String buildArchive(ChildCommand child) throws Exception {
		ClassDataSharing sharing = new ClassDataSharing(this.cache);
		ChildCommand first = sharing.apply(child);
		Files.writeString(Path.of(option(first, "-XX:DumpLoadedClassList=")),
				"java/lang/Object\njava/lang/String\njava/util/ArrayList\n");
		sharing.childExited(first, true);
		assertThat(sharing.awaitBuild(TimeUnit.MINUTES.toMillis(2))).isTrue();
		String archive = option(sharing.apply(child), "-XX:SharedArchiveFile=");
		assertThat(archive).as("archive built for %s", child.getJvmOptions()).isNotNull();
		return archive;
	}

	private static List<String> withClassPathAndVersion(List<String> options, ChildCommand child) {
		List<String> arguments = new ArrayList<>(options);
		arguments.add("-cp");
		arguments.add(child.getClassPathEntries().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
		arguments.add("-version");
		return arguments;
	}

	private static String run(String java, List<String> arguments) throws IOException, InterruptedException {
		return start(java, arguments).output();
	}

	private static Ended start(String java, List<String> arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		return new Ended(process.exitValue(), output);
	}

	private record Ended(int exitCode, String output) {
	}

	private static String option(ChildCommand command, String prefix) {
		return command.getJvmOptions()
			.stream()
			.filter((option) -> option.startsWith(prefix))
			.map((option) -> option.substring(prefix.length()))
			.findFirst()
			.orElse(null);
	}

	private static int runJava(List<String> arguments) throws IOException, InterruptedException {
		return start(javaExecutable(), arguments).exitCode();
	}

	private static String javaExecutable() {
		return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path jarOf(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
