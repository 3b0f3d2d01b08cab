package dev.reloader.launch.standby;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.reloader.launch.ChildCommand;
import dev.reloader.launch.ChildProcess;
import dev.reloader.launch.standby.gate.GateAgent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The supervisor's handle on a standby child: a JVM started ahead of the next restart,
 * with the dependency classes loaded and warmed, that waits to be told to go. It never
 * loads a class or resource from a watched directory before it goes, so it cannot be
 * stale on code; it is only used with the same command and unchanged jars it was
 * started with.
 *
 * @author Reloader contributors
 * @see StandbyMain
 */
public final class Standby {

	private static final Log logger = LogFactory.getLog(Standby.class);

	static final String WARMUP_ROUNDS_VARIABLE = "RELOADER_STANDBY_WARMUP_ROUNDS";

	private static final String GATE_MODULE = "--add-modules=java.instrument";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private final ChildProcess process;

	private final ChildCommand command;

	private final String fingerprint;

	private final Path privateDirectory;

	private Standby(ChildProcess process, ChildCommand command, String fingerprint, Path privateDirectory) {
		this.process = process;
		this.privateDirectory = privateDirectory;
		this.command = command;
		this.fingerprint = fingerprint;
	}

	/**
	 * Start a standby for the given child command.
	 * @param command the command a cold child would be started with
	 * @param fingerprint what the dependency jars looked like at start
	 * @param environment the child environment
	 * @param directory the working directory
	 * @param input where the standby's standard input comes from
	 * @param warmupRounds how many throwaway application contexts to run
	 * @return the standby
	 * @throws IOException if the process cannot be started
	 */
	public static Standby start(ChildCommand command, String fingerprint, Map<String, String> environment, Path directory,
			ProcessBuilder.Redirect input, int warmupRounds) throws IOException {
		List<String> arguments = new ArrayList<>();
		arguments.add(command.getTarget());
		arguments.addAll(command.getArguments());
		Path privateDirectory = createPrivateDirectory(environment);
		ChildCommand standby = command.withMainClass(StandbyMain.class.getName(), arguments);
		if (privateDirectory != null) {
			standby = withGate(standby, privateDirectory);
		}
		Map<String, String> standbyEnvironment = new LinkedHashMap<>(environment);
		standbyEnvironment.put(WARMUP_ROUNDS_VARIABLE, Integer.toString(warmupRounds));
		ChildProcess process = ChildProcess.start(standby.toCommandLine(), standbyEnvironment, directory, input);
		if (logger.isDebugEnabled()) {
			logger.debug("Started standby (pid " + process.pid() + ")");
		}
		return new Standby(process, command, fingerprint, privateDirectory);
	}

	/**
	 * Return the command of every child (a cold one too) where children may be standbys:
	 * one class-data archive must fit the standby, whose JVM runs the gate's agent, and
	 * the cold child alike. The agent adds the {@code java.instrument} module, which the
	 * JDK wants in the archive's modules too (JDK 25 otherwise refuses the archive's
	 * module graph, with errors at every start), and a JDK refuses an archive of linked
	 * classes ({@code -XX:+AOTClassLinking}, JDK 24 and later) to a JVM with an agent.
	 * @param command the child command
	 * @return the command with the options that let both children map the archive
	 */
	public static ChildCommand withGateOptions(ChildCommand command) {
		List<String> options = new ArrayList<>(command.getJvmOptions());
		if (!options.contains(GATE_MODULE)) {
			options.add(GATE_MODULE);
		}
		if (ClassDataSharing.featureVersion(command.getJavaExecutable()) >= ClassDataSharing.AOT_CLASS_LINKING_FEATURE
				&& options.stream().noneMatch((option) -> option.endsWith("AOTClassLinking"))) {
			options.add("-XX:-AOTClassLinking");
		}
		return command.withJvmOptions(options);
	}

	/**
	 * Create the standby's private directory inside the supervisor's (the directory of
	 * its channel), where the supervisor has one.
	 * @return the directory, or {@code null}
	 */
	private static Path createPrivateDirectory(Map<String, String> environment) throws IOException {
		String address = environment.get(SupervisorChannel.ADDRESS_VARIABLE);
		if (address == null || address.isBlank()) {
			return null;
		}
		return Files.createTempDirectory(Path.of(address).toAbsolutePath().getParent(), "standby-");
	}

	/**
	 * Give the standby's JVM the agent that closes its gate ({@link GateAgent}), whose
	 * jar is written beside the standby's private directory.
	 */
	private static ChildCommand withGate(ChildCommand standby, Path privateDirectory) throws IOException {
		Path jar = GateAgent.writeJar(privateDirectory.getParent());
		List<String> options = new ArrayList<>(standby.getJvmOptions());
		options.add(GateAgent.option(jar, privateDirectory));
		return standby.withJvmOptions(options);
	}

	/**
	 * Delete the standby's private directory: what its warm-up wrote there is of no use
	 * once it was told to go or discarded.
	 */
	private void deletePrivateDirectory() {
		if (this.privateDirectory == null) {
			return;
		}
		try (Stream<Path> files = Files.walk(this.privateDirectory)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// Removed with the supervisor's directory at the latest
		}
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return whether this standby can stand in for a child with the given command.
	 * @param command the command a cold child would be started with now
	 * @param fingerprint what the dependency jars look like now
	 * @return {@code true} if it is alive and was started for the same command and jars;
	 * a standby started before the class-data archive was built can stand in for a child
	 * that would use it
	 */
	public boolean canReplace(ChildCommand command, String fingerprint) {
		return this.process.isAlive() && ClassDataSharing.sameApartFromArchive(this.command, command)
				&& this.fingerprint.equals(fingerprint);
	}

	/**
	 * Tell the standby to run the application.
	 * @param channel the supervisor channel the standby connected to
	 * @param systemProperties system properties to set in the standby before the
	 * application's main method runs
	 * @return the standby as the running child, or {@code null} if it cannot be reached
	 */
	public ChildProcess go(SupervisorChannel channel, Map<String, String> systemProperties) {
		SocketChannel connection = awaitConnection(channel);
		if (connection == null) {
			return null;
		}
		StringBuilder message = new StringBuilder("go");
		systemProperties.forEach((name, value) -> message.append('\t').append(name).append('=').append(value));
		try {
			SupervisorChannel.send(connection, message.toString());
			deletePrivateDirectory();
			return this.process;
		}
		catch (IOException ex) {
			logger.debug("Standby (pid " + pid() + ") could not be told to go", ex);
			return null;
		}
	}

	/**
	 * Wait a little for a standby that is still starting to connect: it is further along
	 * than a cold child would be.
	 */
	private SocketChannel awaitConnection(SupervisorChannel channel) {
		long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
		while (true) {
			SocketChannel connection = channel.takeStandby(pid());
			if (connection != null || !this.process.isAlive() || System.nanoTime() - deadline > 0) {
				return connection;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
	}

	/**
	 * Kill the standby: it never ran the application, so there is nothing to close.
	 */
	public void discard() {
		this.process.kill();
		deletePrivateDirectory();
	}

}
