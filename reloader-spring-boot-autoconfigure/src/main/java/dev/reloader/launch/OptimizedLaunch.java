package dev.reloader.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * JIT options that make a child JVM start faster, as {@code spring-boot:run}'s optimized
 * launch does: {@code -XX:TieredStopAtLevel=1} stops the JIT at its first tier (C1), which
 * compiles quickly but produces slower code. A development server starts far more often
 * than it runs hot loops, so the trade pays; long benchmarks or load tests inside the
 * reloaded application should turn it off ({@code reloader.child.optimized-launch=false}).
 * <p>
 * Options the user already chose for the JIT are kept as they are.
 *
 * @author Reloader contributors
 */
public final class OptimizedLaunch {

	static final String TIERED_STOP_AT_LEVEL_ONE = "-XX:TieredStopAtLevel=1";

	private OptimizedLaunch() {
	}

	/**
	 * Return the given JVM options plus the optimized-launch options, unless the user set
	 * JIT options of their own.
	 * @param jvmOptions the options the application was launched with
	 * @return the options for a child
	 */
	public static List<String> apply(List<String> jvmOptions) {
		for (String option : jvmOptions) {
			if (option.startsWith("-XX:TieredStopAtLevel") || option.contains("TieredCompilation")
					|| option.equals("-Xint") || option.equals("-Xcomp")) {
				return jvmOptions;
			}
		}
		List<String> options = new ArrayList<>(jvmOptions);
		options.add(TIERED_STOP_AT_LEVEL_ONE);
		return options;
	}

}
