package dev.reloader.launch;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Grows the heap of its JVM with garbage, trims it, and prints the
 * committed heap before and after, and the free ratios afterwards.
 *
 * @author Reloader contributors
 */
public final class HeapTrimMain {

	private HeapTrimMain() {
	}

	public static void main(String[] args) {
		List<byte[]> kept = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			kept.add(new byte[1024 * 1024]);
		}
		List<byte[]> garbage = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			garbage.add(new byte[1024 * 1024]);
		}
		garbage.clear();
		System.gc();
		long before = committedHeap();
		HeapTrim.trimAndStaySmall(Integer.parseInt(args[0]));
		long after = committedHeap();
		HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		System.out.println("committed before=" + before / (1024 * 1024) + " after=" + after / (1024 * 1024) + " kept="
				+ kept.size() + " min-free=" + diagnostics.getVMOption("MinHeapFreeRatio").getValue() + " max-free="
				+ diagnostics.getVMOption("MaxHeapFreeRatio").getValue());
	}

	private static long committedHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
	}

}
