package dev.reloader.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Supervisor} with real child JVMs, running {@link SupervisedMain}.
 *
 * @author Reloader contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class SupervisorProcessTests {

	private static final String WAITING = "Application exited with code 1; waiting for file changes before restarting";

	@TempDir
	Path directory;

	@TempDir
	Path classes;

	private TestJvm supervisor;

	@AfterEach
	void destroy() {
		if (this.supervisor != null) {
			this.supervisor.destroy();
		}
	}

	@Test
	void crashingChildWaitsForEachChangeThenRecovers() throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour("System.exit(1);"), 1);
		this.supervisor = start();
		this.supervisor.awaitOutput(WAITING, 1);
		Files.writeString(this.classes.resolve("notes.txt"), "an excluded change");
		TestJvm.compile(this.classes, "app.Behaviour", behaviour("System.out.println(\"still broken\"); System.exit(1);"),
				2);
		this.supervisor.awaitOutput(WAITING, 2);
		TestJvm.compile(this.classes, "app.Behaviour", behaviour(runningForever()), 3);
		this.supervisor.awaitOutput("Behaviour running", 1);
		assertThat(this.supervisor.count("Child started")).isEqualTo(3);
		assertThat(this.supervisor.count("still broken")).isEqualTo(1);
		assertThat(this.supervisor.count("waiting for file changes")).isEqualTo(2);
		assertThat(this.supervisor.process().isAlive()).isTrue();
	}

	@Test
	void childExitingWithZeroEndsTheSupervisorWithZero() throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour("System.out.println(\"done\");"), 1);
		this.supervisor = start();
		assertThat(this.supervisor.awaitExit()).isZero();
		assertThat(this.supervisor.count("Child started")).isEqualTo(1);
	}

	@Test
	void crashEndsTheSupervisorWithTheChildsCodeWhenOnCrashIsExit() throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour("System.exit(7);"), 1);
		this.supervisor = start("-DonCrash=exit");
		assertThat(this.supervisor.awaitExit()).isEqualTo(7);
		assertThat(this.supervisor.output()).contains("Application exited with code 7 (reloader.on-crash=exit)")
			.doesNotContain("waiting for file changes");
	}

	@Test
	void sigtermStopsTheChildGracefullyAndEndsWithItsCode() throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour(closingHook("closed gracefully") + runningForever()),
				1);
		this.supervisor = start();
		this.supervisor.awaitOutput("Behaviour running", 1);
		long child = this.supervisor.latestChildPid();
		TestJvm.signal("TERM", this.supervisor.pid());
		assertThat(this.supervisor.awaitExit()).isEqualTo(143);
		assertThat(this.supervisor.output()).contains("closed gracefully").doesNotContain("Exception");
		assertThat(TestJvm.isAlive(child)).isFalse();
	}

	@Test
	void sigintToTheProcessGroupStopsBothWithoutStackTraces() throws Exception {
		long child = startInASessionAndInterruptTheGroup(closingHook("closed gracefully") + runningForever());
		assertThat(this.supervisor.awaitExit()).isEqualTo(130);
		assertThat(this.supervisor.output()).contains("closed gracefully")
			.contains("Supervisor exits with 130")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		assertThat(TestJvm.isAlive(child)).isFalse();
	}

	@Test
	void sigintEndsTheSupervisorWith130WhenTheChildEndsFromTheSupervisorsSigterm() throws Exception {
		String ignoringSigint = "sun.misc.Signal.handle(new sun.misc.Signal(\"INT\"), sun.misc.SignalHandler.SIG_IGN);";
		long child = startInASessionAndInterruptTheGroup(
				ignoringSigint + closingHook("closed gracefully") + runningForever());
		assertThat(this.supervisor.awaitExit()).isEqualTo(130);
		assertThat(this.supervisor.output()).contains("closed gracefully").contains("Supervisor exits with 130");
		assertThat(TestJvm.isAlive(child)).isFalse();
	}

	@Test
	void childExitCodeOtherThanASignalsIsKeptWhenTheSupervisorIsStopped() throws Exception {
		String exitingWithFive = "Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(5)));";
		TestJvm.compile(this.classes, "app.Behaviour", behaviour(exitingWithFive + runningForever()), 1);
		this.supervisor = start();
		this.supervisor.awaitOutput("Behaviour running", 1);
		TestJvm.signal("TERM", this.supervisor.pid());
		assertThat(this.supervisor.awaitExit()).isEqualTo(5);
	}

	@Test
	void sigintWhileWaitingForChangesEndsTheSupervisor() throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour("System.exit(1);"), 1);
		this.supervisor = TestJvm.start(TestJvm.interruptible(), this.directory, this.classes, List.of(),
				SupervisedMain.class.getName());
		this.supervisor.awaitOutput(WAITING, 1);
		TestJvm.signal("INT", this.supervisor.pid());
		assertThat(this.supervisor.awaitExit()).isEqualTo(130);
	}

	@Test
	void childThatHangsOnStopIsKilledWithItsProcessesAfterTheShutdownTimeout() throws Exception {
		String sleeper = "try { new ProcessBuilder(\"sleep\", \"600\").start(); } catch (Exception ex) { throw new RuntimeException(ex); }";
		TestJvm.compile(this.classes, "app.Behaviour",
				behaviour(sleeper + closingHook("hanging") + "Runtime.getRuntime().addShutdownHook(new Thread(() -> {"
						+ " try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException ex) { } }));" + runningForever()),
				1);
		this.supervisor = start("-DshutdownTimeout=1s");
		this.supervisor.awaitOutput("Behaviour running", 1);
		long child = this.supervisor.latestChildPid();
		List<ProcessHandle> processes = ProcessHandle.of(child).get().descendants().toList();
		assertThat(processes).hasSize(1);
		TestJvm.signal("TERM", this.supervisor.pid());
		assertThat(this.supervisor.awaitExit()).isEqualTo(137);
		assertThat(this.supervisor.output()).contains("hanging").contains("did not stop within 1000 ms");
		assertThat(TestJvm.isAlive(child)).isFalse();
		await().atMost(TestJvm.PATIENCE).until(() -> !TestJvm.isAlive(processes.get(0).pid()));
	}

	@Test
	void childThatHangsWhileExitingForARestartIsHaltedWithItsProcessesAfterTheDeadline() throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour("java.nio.file.Path marker = java.nio.file.Path.of(\"restarted\");"
				+ " if (java.nio.file.Files.exists(marker)) { System.out.println(\"second run\"); " + runningForever() + " return; }"
				+ " try { java.nio.file.Files.createFile(marker);"
				+ " System.out.println(\"sleeper \" + new ProcessBuilder(\"sleep\", \"600\").start().pid() + \" started\"); }"
				+ " catch (Exception ex) { throw new RuntimeException(ex); }"
				+ " Runtime.getRuntime().addShutdownHook(new Thread(() -> {"
				+ " try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException ex) { } }));"
				+ " dev.reloader.launch.ChildExit.exit(3, java.time.Duration.ofSeconds(1));"), 1);
		this.supervisor = start();
		this.supervisor.awaitOutput("second run", 1);
		assertThat(this.supervisor.output()).contains("did not close within 1000 ms");
		Matcher sleeper = Pattern.compile("sleeper (\\d+) started")
			.matcher(this.supervisor.output());
		assertThat(sleeper.find()).isTrue();
		assertThat(TestJvm.isAlive(Long.parseLong(sleeper.group(1)))).isFalse();
	}

	@Test
	void childEndsItselfWhenTheSupervisorIsKilled() throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour(closingHook("orphan closed") + runningForever()), 1);
		this.supervisor = start();
		this.supervisor.awaitOutput("Behaviour running", 1);
		long child = this.supervisor.latestChildPid();
		long killed = System.nanoTime();
		TestJvm.signal("KILL", this.supervisor.pid());
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> !TestJvm.isAlive(child));
		System.out.println("Orphaned child exited " + Duration.ofNanos(System.nanoTime() - killed).toMillis()
				+ " ms after its supervisor was killed");
		this.supervisor.awaitOutput("orphan closed", 1);
	}

	private TestJvm start(String... jvmOptions) throws Exception {
		return TestJvm.start(this.directory, this.classes, List.of(jvmOptions), SupervisedMain.class.getName());
	}

	/**
	 * Start the supervisor as the leader of a session of its own, with a child that runs
	 * the given behaviour, and send SIGINT to the whole process group, as Ctrl+C in a
	 * terminal does.
	 * @return the child's pid
	 */
	private long startInASessionAndInterruptTheGroup(String body) throws Exception {
		TestJvm.compile(this.classes, "app.Behaviour", behaviour(body), 1);
		this.supervisor = TestJvm.start(TestJvm.interruptible("setsid"), this.directory, this.classes, List.of(),
				SupervisedMain.class.getName());
		this.supervisor.awaitOutput("Behaviour running", 1);
		long child = this.supervisor.latestChildPid();
		TestJvm.signal("INT", -this.supervisor.pid());
		return child;
	}

	private static String behaviour(String body) {
		return "package app; public class Behaviour implements Runnable { public void run() { " + body + " } }";
	}

	private static String closingHook(String message) {
		return "Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(\"" + message + "\")));";
	}

	private static String runningForever() {
		return "System.out.println(\"Behaviour running\"); try { new java.util.concurrent.CountDownLatch(1).await(); }"
				+ " catch (InterruptedException ex) { }";
	}

}
