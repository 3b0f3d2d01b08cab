package dev.reloader.launch;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * Gives the memory of a JVM that waits back to the operating system: a full collection
 * with the heap's free ratios lowered, so that the collector shrinks the heap to little
 * more than what is live instead of keeping up to 70 % of it free, and keeps them low.
 * Used by the supervisor once its child runs: its own start (the application's
 * {@code main} up to the prepared environment) left its heap large and empty, and it
 * allocates little from then on. (A standby child does not use it: with its heap shrunk
 * that far, the application's start after go was slower, growing the heap back.)
 * <p>
 * {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio} are manageable options of HotSpot
 * (the collectors that size their heap by them, G1, Serial and Parallel, read them at every
 * resize). Where they cannot be set (another JVM, a collector that ignores them), the
 * collection still runs and the heap keeps its size.
 *
 * @author Reloader contributors
 */
public final class HeapTrim {

	private static final String MIN_FREE = "MinHeapFreeRatio";

	private static final String MAX_FREE = "MaxHeapFreeRatio";

	private HeapTrim() {
	}

	/**
	 * Collect with the free ratios lowered to the given maximum, and keep them low: for a
	 * JVM that stays small from now on (the supervisor).
	 * @param maxFreePercent the most of the heap that may stay free after a collection
	 */
	public static void trimAndStaySmall(int maxFreePercent) {
		lower(maxFreePercent);
		System.gc();
	}

	/**
	 * Lower the free ratios, where they can be changed.
	 */
	private static void lower(int maxFreePercent) {
		try {
			HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			VMOption minFree = diagnostics.getVMOption(MIN_FREE);
			VMOption maxFree = diagnostics.getVMOption(MAX_FREE);
			if (!minFree.isWriteable() || !maxFree.isWriteable()) {
				return;
			}
			int max = Math.min(maxFreePercent, Integer.parseInt(maxFree.getValue()));
			// The minimum first: it may never be above the maximum
			diagnostics.setVMOption(MIN_FREE, Integer.toString(Math.min(max, Integer.parseInt(minFree.getValue()))));
			diagnostics.setVMOption(MAX_FREE, Integer.toString(max));
		}
		catch (RuntimeException | LinkageError ex) {
			// No HotSpot diagnostics here: the collection alone will do what it can
		}
	}

}
