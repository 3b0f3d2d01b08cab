package dev.reloader.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JVM options that make a child start faster, for a development server that starts far
 * more often than it runs hot loops or holds a large heap:
 * <ul>
 * <li>{@code -XX:TieredStopAtLevel=1} stops the JIT at its first tier (C1), as
 * {@code spring-boot:run}'s optimized launch does: it compiles quickly but produces
 * slower code;</li>
 * <li>{@code -XX:+UseSerialGC}, the collector that the JVM picks itself on a small
 * machine: a Spring application's start allocates much and keeps little, which the
 * serial collector handles with less work and less memory of its own than G1, the
 * default elsewhere. Its pauses grow with the heap, which a development server keeps
 * small;</li>
 * <li>{@code -Xms32m}: the heap starts small and grows with what the application keeps,
 * rather than starting at a 64th of the machine's memory, so that a child and a waiting
 * standby hold no more memory than they use.</li>
 * </ul>
 * On the library benchmark application ({@code benchmarks/restart}) the collector and the
 * initial heap made reloads faster and the process tree smaller than with G1 and the
 * JVM's default heap. Long benchmarks or load tests inside the reloaded application
 * should turn the optimized launch off ({@code reloader.child.optimized-launch=false}).
 * <p>
 * Options the user already chose are kept as they are, each kind on its own: JIT options
 * keep the JIT as it is, a collector of theirs ({@code -XX:+UseG1GC}) keeps it, and a heap
 * size of theirs ({@code -Xmx}, {@code -Xms}, a share of the machine's memory) keeps the
 * JVM's own initial heap.
 *
 * @author Reloader contributors
 */
public final class OptimizedLaunch {

	static final String TIERED_STOP_AT_LEVEL_ONE = "-XX:TieredStopAtLevel=1";

	static final String SERIAL_COLLECTOR = "-XX:+UseSerialGC";

	static final String SMALL_INITIAL_HEAP = "-Xms32m";

	private static final Pattern JIT_OPTION = Pattern
		.compile("-XX:TieredStopAtLevel=.*|-XX:[+-]TieredCompilation|-Xint|-Xcomp");

	private static final Pattern COLLECTOR_OPTION = Pattern.compile("-XX:[+-]Use\\w*GC");

	private static final Pattern HEAP_SIZE_OPTION = Pattern.compile("-Xm[sx].*|-Xmn.*"
			+ "|-XX:(InitialHeapSize|MinHeapSize|MaxHeapSize|NewSize|MaxNewSize|MaxRAM|\\w+RAMPercentage|\\w+RAMFraction)=.*");

	private OptimizedLaunch() {
	}

	/**
	 * Return the given JVM options plus the optimized-launch options that the user did not
	 * decide themselves.
	 * @param jvmOptions the options the application was launched with
	 * @return the options for a child
	 */
	public static List<String> apply(List<String> jvmOptions) {
		List<String> options = new ArrayList<>(jvmOptions);
		if (noneMatches(jvmOptions, JIT_OPTION)) {
			options.add(TIERED_STOP_AT_LEVEL_ONE);
		}
		if (noneMatches(jvmOptions, COLLECTOR_OPTION)) {
			options.add(SERIAL_COLLECTOR);
		}
		if (noneMatches(jvmOptions, HEAP_SIZE_OPTION)) {
			options.add(SMALL_INITIAL_HEAP);
		}
		return options;
	}

	private static boolean noneMatches(List<String> options, Pattern pattern) {
		return options.stream().noneMatch((option) -> pattern.matcher(option).matches());
	}

}
