package dev.reloader.launch.standby;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Runs standby warm-up rounds in a JVM of its own, as a standby does, and prints what
 * happened: a whole round, a round given up halfway through its steps, a round given up
 * once its web server runs, then a whole round again.
 *
 * @author Reloader contributors
 */
public final class WarmupRoundsMain {

	private WarmupRoundsMain() {
	}

	public static void main(String[] args) {
		AtomicInteger checks = new AtomicInteger();
		boolean whole = new StandbyWarmup(() -> checks.incrementAndGet() < 0).runRound();
		System.out.println("whole round: completed=" + whole + " checks=" + checks.get());

		int halfway = checks.get() / 2;
		abandonedRound("halfway", (count) -> count > halfway);
		abandonedRound("with a server", (count) -> !serverThreads().isEmpty());

		boolean again = new StandbyWarmup().runRound();
		System.out.println("round after: completed=" + again + " threads-left=" + serverThreads());
	}

	private static void abandonedRound(String name, IntPredicate abandonWhen) {
		AtomicInteger checks = new AtomicInteger();
		AtomicInteger checksAfterAbandoning = new AtomicInteger();
		AtomicReference<List<String>> threadsWhenAbandoned = new AtomicReference<>();
		BooleanSupplier abandoned = () -> {
			if (checksAfterAbandoning.get() > 0 || abandonWhen.test(checks.incrementAndGet())) {
				if (checksAfterAbandoning.incrementAndGet() == 1) {
					threadsWhenAbandoned.set(serverThreads());
				}
				return true;
			}
			return false;
		};
		boolean completed = new StandbyWarmup(abandoned).runRound();
		System.out.println("round abandoned " + name + ": completed=" + completed + " checks=" + checks.get()
				+ " checks-after-abandoning=" + checksAfterAbandoning.get() + " threads-when-abandoned="
				+ threadsWhenAbandoned.get() + " threads-left=" + serverThreads());
	}

	private static List<String> serverThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.contains("http-nio") || name.contains("tomcat") || name.startsWith("container-"))
			.sorted()
			.toList();
	}

}
