package dev.reloader.launch.standby.gate;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The Java agent of a standby child: closes its {@link StandbyGate gate} before any of
 * the standby's own code runs. The supervisor writes the agent's jar (a manifest only:
 * the agent's classes come from the class path) with {@link #writeJar(Path)} and gives it
 * to the standby's JVM only, with its private directory as the agent's argument; the
 * application's own JVM never runs it.
 * <p>
 * Where the gate cannot be closed (a JDK whose methods differ), it stays open and says
 * why ({@link #failure()}): the standby then runs no code of the application before go.
 *
 * @author Reloader contributors
 */
public final class GateAgent {

	/**
	 * The environment variable that names the supervisor channel's socket, the one
	 * connection a waiting standby may open.
	 */
	static final String SUPERVISOR_ADDRESS_VARIABLE = "RELOADER_CHANNEL";

	private static final String JAR_NAME = "standby-gate-agent.jar";

	private static volatile String failure;

	private static volatile String transformFailure;

	private GateAgent() {
	}

	/**
	 * Close the gate of this JVM.
	 * @param argument the standby's private directory
	 * @param instrumentation the JVM's instrumentation
	 * @throws Exception if the gate cannot be closed
	 */
	public static void premain(String argument, Instrumentation instrumentation) {
		try {
			close(argument, instrumentation);
		}
		catch (Exception | LinkageError ex) {
			failure = "The standby's gate could not be closed: " + ex;
		}
	}

	/**
	 * Return why the gate could not be closed in this JVM, if it was given the agent.
	 * @return the reason, or {@code null}
	 */
	public static String failure() {
		return failure;
	}

	private static void close(String argument, Instrumentation instrumentation) throws Exception {
		if (argument == null || argument.isEmpty()) {
			throw new IllegalArgumentException("The standby's gate agent needs the standby's private directory");
		}
		Module base = Object.class.getModule();
		Module own = GateAgent.class.getModule();
		instrumentation.redefineModule(base, Set.of(), Map.of(),
				Map.of("jdk.internal.misc", Set.of(own), "sun.nio.fs", Set.of(own)), Set.of(), Map.of());
		MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Class.forName("jdk.internal.misc.VM"),
				MethodHandles.lookup());
		Class<?> bridge = lookup.defineClass(GateTransformer.bridge());
		VarHandle field = lookup.findStaticVarHandle(bridge, "gate", BiConsumer.class);
		StandbyGate gate = new StandbyGate(System.getenv(SUPERVISOR_ADDRESS_VARIABLE), Path.of(argument),
				writeFlags());
		GateTransformer transformer = new GateTransformer();
		instrumentation.addTransformer(transformer, true);
		try {
			List<Class<?>> targets = new ArrayList<>();
			for (String name : GateTransformer.TARGETS) {
				targets.add(Class.forName(name, false, null));
			}
			instrumentation.retransformClasses(targets.toArray(Class<?>[]::new));
		}
		finally {
			instrumentation.removeTransformer(transformer);
		}
		if (transformFailure != null) {
			throw new IllegalStateException(transformFailure);
		}
		StandbyGate.install(gate, field);
	}

	static void failed(String className, RuntimeException ex) {
		transformFailure = "Cannot add the gate to " + className + ": " + ex;
	}

	/**
	 * The flags of {@code open(2)} that create, write or truncate a file, as the JDK's
	 * file system provider knows them on this platform.
	 */
	private static int writeFlags() throws ReflectiveOperationException {
		Class<?> constants = Class.forName("sun.nio.fs.UnixConstants");
		int flags = 0;
		for (String name : List.of("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")) {
			Field field = constants.getDeclaredField(name);
			field.setAccessible(true);
			flags |= field.getInt(null);
		}
		return flags;
	}

	/**
	 * Write the agent's jar into the given directory, if it is not there yet.
	 * @param directory a directory of the supervisor's own
	 * @return the jar
	 * @throws IOException if it cannot be written
	 */
	public static Path writeJar(Path directory) throws IOException {
		Path jar = directory.resolve(JAR_NAME);
		if (Files.isRegularFile(jar)) {
			return jar;
		}
		Manifest manifest = new Manifest();
		Attributes attributes = manifest.getMainAttributes();
		attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		attributes.putValue("Premain-Class", GateAgent.class.getName());
		attributes.putValue("Can-Retransform-Classes", "true");
		attributes.putValue("Can-Redefine-Classes", "false");
		Files.createDirectories(directory);
		Path written = Files.createTempFile(directory, JAR_NAME, ".tmp");
		try (OutputStream out = Files.newOutputStream(written); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			// The manifest is all the jar holds
		}
		Files.move(written, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		return jar;
	}

	/**
	 * The option that gives a JVM the agent.
	 * @param jar the agent's jar
	 * @param privateDirectory the standby's private directory
	 * @return the JVM option
	 */
	public static String option(Path jar, Path privateDirectory) {
		return "-javaagent:" + jar.toAbsolutePath() + "=" + privateDirectory.toAbsolutePath();
	}

}
