package dev.reloader.launch.standby;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.reloader.launch.standby.gate.GateAgent;
import dev.reloader.launch.standby.gate.StandbyGate;

/**
 * The entry point of a standby child. It connects to the supervisor, warms the JVM up
 * with throwaway work that touches only dependency classes, on a thread of low priority
 * (nice 10 on Linux) so that the running application comes first, and waits. When told to
 * go, it puts back the system properties it started with and runs the application's own
 * {@code main} method, so the application starts as it would in a cold JVM, only
 * faster. A warm-up still running then gives up at its next step: on a busy machine its
 * low priority would hold the application back for longer than a cold start takes. If
 * the supervisor goes away first, it exits without running anything.
 * <p>
 * The warm-up starts with a rehearsal of the application's own context in a class loader
 * that is dropped afterwards ({@value #REHEARSAL_CLASS}), then runs throwaway contexts
 * that touch only dependency classes ({@value #WARMUP_CLASS}): one fewer after a
 * rehearsal that ran to its end, as many as asked for after one that failed. Both are
 * loaded by name where they are on the class path (they need Spring Boot, which this class
 * does not); without them the standby only has the JVM up.
 * <p>
 * Until go, the standby acts on nothing outside its JVM: its agent closed its
 * {@link StandbyGate gate} before this class runs (the rehearsal runs only behind a
 * closed gate), and the logging libraries are kept from reading the application's
 * logging configuration. The gate opens at go, before the application's {@code main}.
 *
 * @author Reloader contributors
 */
public final class StandbyMain {

	static final String WARMUP_CLASS = "dev.reloader.launch.standby.StandbyWarmup";

	static final String REHEARSAL_CLASS = "dev.reloader.launch.standby.StandbyRehearsal";

	/**
	 * The environment variable through which the supervisor tells a standby whether to
	 * rehearse the application ({@code reloader.child.standby-rehearsal}); without it, the
	 * rehearsal reads the property from the application's own environment.
	 */
	public static final String REHEARSAL_VARIABLE = "RELOADER_REHEARSAL";

	private static volatile String rehearsalOutcome;

	private static volatile String warmupFailure;

	private static volatile long goTime;

	private static volatile String warmupEnd;

	private static final String LOGGING_SYSTEM_PROPERTY = "org.springframework.boot.logging.LoggingSystem";

	private static final String SILENT_LOGBACK = "dev/reloader/launch/standby/standby-logback.xml";

	private static final String SILENT_LOG4J2 = "dev/reloader/launch/standby/standby-log4j2.xml";

	/**
	 * The name of the thread that runs the warm-up.
	 */
	static final String WARMUP_THREAD = "reloader-warmup";

	/**
	 * How much the warm-up's nice value is raised.
	 */
	static final int WARMUP_NICENESS = 10;

	private StandbyMain() {
	}

	public static void main(String[] args) throws Throwable {
		if (args.length == 0) {
			throw new IllegalArgumentException("Usage: StandbyMain <main class> [arguments...]");
		}
		String mainClass = args[0];
		String[] arguments = Arrays.copyOfRange(args, 1, args.length);
		Properties startProperties = (Properties) System.getProperties().clone();
		keepLoggingOff();
		CompletableFuture<Map<String, String>> go = connect();
		warmUp(go, mainClass, arguments);
		Map<String, String> properties = go.join();
		StandbyGate.open();
		restoreSystemProperties(startProperties);
		properties.forEach(System::setProperty);
		System.setProperty("sun.java.command", String.join(" ", args));
		Method main = Class.forName(mainClass, false, ClassLoader.getSystemClassLoader())
			.getMethod("main", String[].class);
		Thread.currentThread().setContextClassLoader(ClassLoader.getSystemClassLoader());
		try {
			main.invoke(null, (Object) arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * Keep the application's logging configuration unread until go: the logging
	 * libraries configure themselves from the class path (the application's
	 * {@code logback.xml} or {@code log4j2.xml}, with its file appenders) the first time
	 * a logger is asked for, and Spring Boot's logging system would do it again. Both get
	 * a configuration that logs nothing; the system properties are put back at go, and
	 * the application's start configures its logging as in a cold JVM.
	 */
	private static void keepLoggingOff() {
		System.setProperty(LOGGING_SYSTEM_PROPERTY, "none");
		System.setProperty("logback.configurationFile", SILENT_LOGBACK);
		System.setProperty("log4j2.configurationFile", SILENT_LOG4J2);
		System.setProperty("log4j.configurationFile", SILENT_LOG4J2);
	}

	private static CompletableFuture<Map<String, String>> connect() throws IOException {
		String address = System.getenv(SupervisorChannel.ADDRESS_VARIABLE);
		if (address == null) {
			throw new IllegalStateException(
					"A standby child needs the supervisor channel in " + SupervisorChannel.ADDRESS_VARIABLE);
		}
		SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(address));
		SupervisorChannel.send(channel, "standby " + ProcessHandle.current().pid());
		CompletableFuture<Map<String, String>> go = new CompletableFuture<>();
		Thread reader = new Thread(new GoReader(channel, go), "reloader-standby");
		reader.setDaemon(true);
		reader.start();
		return go;
	}

	private static void warmUp(CompletableFuture<Map<String, String>> go, String mainClass, String[] arguments)
			throws InterruptedException {
		int rounds = parseRounds(System.getenv(Standby.WARMUP_ROUNDS_VARIABLE));
		Runnable warmup = loadWarmup(go::isDone);
		Runnable rehearsal = loadRehearsalIfAllowed(mainClass, arguments, go);
		if (warmup == null || rounds <= 0) {
			return;
		}
		PrintStream out = System.out;
		PrintStream err = System.err;
		PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
		System.setOut(silent);
		System.setErr(silent);
		CompletableFuture<String> threadId = new CompletableFuture<>();
		CountDownLatch lowered = new CountDownLatch(1);
		Thread thread = new Thread(() -> {
			threadId.complete(currentThreadId());
			try {
				lowered.await();
				int warmupRounds = rehearse(rehearsal) ? rounds - 1 : rounds;
				int refusedBefore = StandbyGate.refusalCount();
				for (int round = 0; round < warmupRounds && !go.isDone(); round++) {
					warmup.run();
				}
				String refused = StandbyGate.refusedSince(refusedBefore);
				if (refused != null) {
					warmupFailure = "The standby's warm-up was refused an action outside the JVM: " + refused;
				}
			}
			catch (StaleStandbyException ex) {
				// Never run the application in a JVM that may hold old classes or threads
				// of it; the supervisor starts the next standby without a rehearsal
				SupervisorChannel.notifyStandbyUnfit(ex.getMessage());
				Runtime.getRuntime().halt(1);
			}
			catch (Throwable ex) {
				// A warm-up that fails leaves a colder standby, never a broken one
				warmupFailure = "The standby's warm-up failed: " + ex;
			}
		}, WARMUP_THREAD);
		thread.start();
		try {
			try {
				lowerPriority(threadId.join());
			}
			finally {
				lowered.countDown();
			}
			thread.join();
			if (go.isDone()) {
				warmupEnd = "The standby's warm-up gave up "
						+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - goTime) + " ms after it was told to go";
			}
			trim(go);
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}

	/**
	 * Load the rehearsal of the application, where it is asked for and the standby's gate
	 * is closed: the application's own code runs only behind a closed gate.
	 */
	private static Runnable loadRehearsalIfAllowed(String mainClass, String[] arguments,
			CompletableFuture<Map<String, String>> go) {
		if (!isRehearsalOn()) {
			rehearsalOutcome = "The standby left the rehearsal of the application out: "
					+ "reloader.child.standby-rehearsal is false";
			return null;
		}
		if (!StandbyGate.isClosed()) {
			String reason = GateAgent.failure();
			rehearsalOutcome = "The standby left the rehearsal of the application out: its JVM has no gate"
					+ ((reason != null) ? " (" + reason + ")" : "");
			return null;
		}
		Runnable rehearsal = loadRehearsal(mainClass, arguments, go::isDone);
		if (rehearsal == null) {
			rehearsalOutcome = "The standby left the rehearsal of the application out: Spring Boot is not on "
					+ "the class path";
		}
		return rehearsal;
	}

	/**
	 * Collect what the warm-up and the rehearsal left behind (the rehearsal's class loader
	 * and its classes among it) once they are over, so that the heap shrinks and the
	 * waiting standby gives memory back; not once the standby was told to go. The heap is
	 * left the size the collector picks with the JVM's own free ratios: shrunk further
	 * (with {@code MaxHeapFreeRatio=10}), it made the application's start after go about
	 * 0.2 s slower on the library benchmark application, growing it back.
	 */
	private static void trim(CompletableFuture<Map<String, String>> go) {
		if (!go.isDone()) {
			System.gc();
		}
	}

	/**
	 * Run the rehearsal of the application, if there is one.
	 * @return whether it ran to its planned end
	 * @throws StaleStandbyException if it left a class of the application in the system
	 * class loader
	 */
	private static boolean rehearse(Runnable rehearsal) {
		if (rehearsal == null) {
			return false;
		}
		long start = System.nanoTime();
		try {
			rehearsal.run();
			rehearsalOutcome = "The standby rehearsed the application in "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
			return true;
		}
		catch (StaleStandbyException ex) {
			throw ex;
		}
		catch (RuntimeException | LinkageError ex) {
			StringBuilder reason = new StringBuilder();
			for (Throwable cause = ex; cause != null && reason.length() < 1000; cause = cause.getCause()) {
				reason.append((reason.length() > 0) ? "; " : "").append(cause);
			}
			rehearsalOutcome = "The standby fell back to a warm-up without a rehearsal of the application after "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + reason;
			return false;
		}
	}

	/**
	 * Return what the standby did before it was told to go (rehearsed the application,
	 * and how long it took; fell back, and what it tried; or left the rehearsal out, and
	 * why), and why its warm-up failed, if it did, for the application to log once its logging
	 * is set up.
	 * @return one line for each, or an empty list if this JVM was no standby
	 */
	public static List<String> outcome() {
		List<String> outcome = new ArrayList<>();
		if (rehearsalOutcome != null) {
			outcome.add(rehearsalOutcome);
		}
		if (warmupFailure != null) {
			outcome.add(warmupFailure);
		}
		if (warmupEnd != null) {
			outcome.add(warmupEnd);
		}
		return outcome;
	}

	/**
	 * The kernel's id of the calling thread, where there is a {@code /proc/thread-self}.
	 */
	private static String currentThreadId() {
		try {
			return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

	/**
	 * Lower the priority of the warm-up thread (and of the threads it starts, which
	 * inherit it), so that the warm-up yields to the running application. Linux keeps a
	 * nice value per thread, and a process may not raise it back: the warm-up runs on a
	 * thread of its own so that the application's threads keep the normal priority. This
	 * thread runs {@code renice}, so that the JDK's process reaper thread, which the
	 * application may use later, is not started by the warm-up. Where there is no
	 * {@code /proc/thread-self} or no {@code renice}, nothing changes.
	 * @param threadId the kernel's id of the warm-up thread, or {@code null}
	 */
	private static void lowerPriority(String threadId) {
		if (threadId == null) {
			return;
		}
		try {
			// The standby's own process, that acts on its own thread only
			Process renice = StandbyGate.runOwn(() -> new ProcessBuilder("renice", "-n",
					Integer.toString(WARMUP_NICENESS), "-p", threadId)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start());
			if (!renice.waitFor(5, TimeUnit.SECONDS)) {
				renice.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// No renice: the warm-up runs at the normal priority
		}
	}

	/**
	 * Load the warm-up, telling it how to see that the standby was told to go, so that
	 * it gives its round up instead of finishing it at low priority while the application
	 * waits.
	 */
	private static Runnable loadWarmup(BooleanSupplier abandoned) {
		try {
			Class<?> type = Class.forName(WARMUP_CLASS, true, ClassLoader.getSystemClassLoader());
			return (Runnable) type.getDeclaredConstructor(BooleanSupplier.class).newInstance(abandoned);
		}
		catch (ReflectiveOperationException | LinkageError | ClassCastException ex) {
			return null;
		}
	}

	/**
	 * Return whether the supervisor asked for a rehearsal, so that a standby without one
	 * does not prepare the application's environment only to find it off.
	 */
	private static boolean isRehearsalOn() {
		String value = System.getenv(REHEARSAL_VARIABLE);
		return value == null || Boolean.parseBoolean(value.trim());
	}

	/**
	 * Load the rehearsal of the application, where Spring Boot is on the class path.
	 */
	private static Runnable loadRehearsal(String mainClass, String[] arguments, BooleanSupplier abandoned) {
		try {
			Class<?> type = Class.forName(REHEARSAL_CLASS, true, ClassLoader.getSystemClassLoader());
			return (Runnable) type.getDeclaredConstructor(String.class, String[].class, BooleanSupplier.class)
				.newInstance(mainClass, arguments, abandoned);
		}
		catch (ReflectiveOperationException | LinkageError | ClassCastException ex) {
			return null;
		}
	}

	private static int parseRounds(String value) {
		try {
			return (value != null) ? Integer.parseInt(value.trim()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static void restoreSystemProperties(Properties startProperties) {
		Properties current = System.getProperties();
		for (String name : current.stringPropertyNames()) {
			if (!startProperties.containsKey(name)) {
				current.remove(name);
			}
		}
		for (String name : startProperties.stringPropertyNames()) {
			current.setProperty(name, startProperties.getProperty(name));
		}
	}

	/**
	 * Waits for the supervisor's {@code go}; ends the JVM when the supervisor goes away
	 * before.
	 */
	private static final class GoReader implements Runnable {

		private final SocketChannel channel;

		private final CompletableFuture<Map<String, String>> go;

		GoReader(SocketChannel channel, CompletableFuture<Map<String, String>> go) {
			this.channel = channel;
			this.go = go;
		}

		@Override
		public void run() {
			try {
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(Channels.newInputStream(this.channel), StandardCharsets.UTF_8));
				String line = reader.readLine();
				if (line != null && line.startsWith("go")) {
					Map<String, String> properties = new LinkedHashMap<>();
					for (String part : line.split("\t")) {
						int equals = part.indexOf('=');
						if (equals > 0) {
							properties.put(part.substring(0, equals), part.substring(equals + 1));
						}
					}
					goTime = System.nanoTime();
					this.go.complete(properties);
					return;
				}
			}
			catch (IOException ex) {
				// The supervisor has gone
			}
			Runtime.getRuntime().halt(0);
		}

	}

}
