package dev.reloader.launch;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.JMException;
import javax.management.ObjectName;

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
 * <p>
 * The C heap gives its free memory back too, with HotSpot's
 * {@code System.trim_native_heap} diagnostic command (JDK 17.0.9 and later, on glibc):
 * what the just-in-time compilers, the collector and class loading freed would otherwise
 * stay resident in the C library's allocator. Once after the collection, then every
 * {@value #NATIVE_TRIM_SECONDS} seconds on a daemon thread of its own: HotSpot hands the
 * compilers' scratch memory back to the C heap only a few seconds after a compilation,
 * and the supervisor compiles again for a while after its child is ready, and at each
 * restart (measured on a JPA application: 7 to 15 MB freed a few seconds after the
 * child was ready, 1 to 4 MB after each restart).
 *
 * @author Reloader contributors
 */
public final class HeapTrim {

	private static final String MIN_FREE = "MinHeapFreeRatio";

	private static final String MAX_FREE = "MaxHeapFreeRatio";

	private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";

	private static final String TRIM_NATIVE_HEAP = "systemTrimNativeHeap";

	private static final int NATIVE_TRIM_SECONDS = 10;

	private static final AtomicBoolean trimming = new AtomicBoolean();

	private HeapTrim() {
	}

	/**
	 * Collect with the free ratios lowered to the given maximum, and keep them low: for a
	 * JVM that stays small from now on (the supervisor).
	 * @param maxFreePercent the most of the heap that may stay free after a collection
	 */
	public static void trimAndStaySmall(int maxFreePercent) {
		// The platform's management beans first: what they allocate is then collected too
		boolean nativeTrim = trimNativeHeap() != null;
		lower(maxFreePercent);
		System.gc();
		if (nativeTrim && trimNativeHeap() != null && trimming.compareAndSet(false, true)) {
			Thread trimmer = new Thread(new NativeHeapTrimmer(Duration.ofSeconds(NATIVE_TRIM_SECONDS)),
					"reloader-native-heap-trim");
			trimmer.setDaemon(true);
			trimmer.start();
		}
	}

	/**
	 * Give the C heap's free memory back to the operating system, where the JVM can.
	 * @return the command's report, or {@code null} where the JVM has no such command
	 */
	static String trimNativeHeap() {
		try {
			Object report = ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName(DIAGNOSTIC_COMMANDS), TRIM_NATIVE_HEAP, new Object[] { new String[0] },
						new String[] { String[].class.getName() });
			return (report != null) ? report.toString().strip() : "";
		}
		catch (JMException | RuntimeException | LinkageError ex) {
			// An older JVM, or one without the command: the C heap keeps what it has
			return null;
		}
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

	/**
	 * Trims the C heap at a fixed interval, for as long as the JVM runs.
	 */
	private static final class NativeHeapTrimmer implements Runnable {

		private final Duration interval;

		NativeHeapTrimmer(Duration interval) {
			this.interval = interval;
		}

		@Override
		public void run() {
			try {
				while (true) {
					Thread.sleep(this.interval.toMillis());
					trimNativeHeap();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
