package dev.reloader.launch;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * Gives the memory of a JVM that waits back to the operating system: a full collection
 * with the heap's free ratios lowered, so that the collector shrinks the heap to little
 * more than what is live instead of keeping up to 70 % of it free. Used where a JVM of the
 * reloader's own waits with a heap that a start left large and empty: the supervisor
 * once its child runs, and a standby child once it is warm.
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

	private final HotSpotDiagnosticMXBean diagnostics;

	private final String minFree;

	private final String maxFree;

	private HeapTrim(HotSpotDiagnosticMXBean diagnostics, String minFree, String maxFree) {
		this.diagnostics = diagnostics;
		this.minFree = minFree;
		this.maxFree = maxFree;
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
	 * Collect with the free ratios lowered to the given maximum, then put them back, so
	 * that a JVM that will run an application later (a standby) sizes its heap for it as
	 * it would have.
	 * @param maxFreePercent the most of the heap that may stay free after this collection
	 */
	public static void trimOnce(int maxFreePercent) {
		HeapTrim trim = lower(maxFreePercent);
		try {
			System.gc();
		}
		finally {
			if (trim != null) {
				trim.restore();
			}
		}
	}

	/**
	 * Lower the free ratios.
	 * @return how to put them back, or {@code null} if they could not be changed
	 */
	private static HeapTrim lower(int maxFreePercent) {
		try {
			HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			VMOption minFree = diagnostics.getVMOption(MIN_FREE);
			VMOption maxFree = diagnostics.getVMOption(MAX_FREE);
			if (!minFree.isWriteable() || !maxFree.isWriteable()) {
				return null;
			}
			HeapTrim trim = new HeapTrim(diagnostics, minFree.getValue(), maxFree.getValue());
			int max = Math.min(maxFreePercent, Integer.parseInt(maxFree.getValue()));
			// The minimum first: it may never be above the maximum
			diagnostics.setVMOption(MIN_FREE, Integer.toString(Math.min(max, Integer.parseInt(minFree.getValue()))));
			diagnostics.setVMOption(MAX_FREE, Integer.toString(max));
			return trim;
		}
		catch (RuntimeException | LinkageError ex) {
			// No HotSpot diagnostics here: the collection alone will do what it can
			return null;
		}
	}

	private void restore() {
		try {
			// The maximum first, for the same reason
			this.diagnostics.setVMOption(MAX_FREE, this.maxFree);
			this.diagnostics.setVMOption(MIN_FREE, this.minFree);
		}
		catch (RuntimeException ex) {
			// Left lowered: the heap grows as the application needs, only in smaller steps
		}
	}

}
