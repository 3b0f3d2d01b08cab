package dev.reloader.launch;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;

import dev.reloader.watch.StatReloader;
import dev.reloader.watch.WatchSet;

/**
 * A plain {@code main} for tests that runs as a {@link Supervisor} and, in the child, runs
 * the {@link Runnable} {@code app.Behaviour}, compiled by the test into a directory on the
 * class path, which the supervisor watches after a crash.
 * <p>
 * System properties: {@code shutdownTimeout} (a duration, default 10s) and
 * {@code onCrash} ({@code wait} or {@code exit}).
 *
 * @author Reloader contributors
 */
public final class SupervisedMain {

	private SupervisedMain() {
	}

	public static void main(String[] args) throws Exception {
		if (Supervisor.isChild()) {
			ParentWatch.whenSupervisorExits(() -> ChildExit.exit(1, Duration.ofMillis(1500)));
			System.out.println("Child started (pid " + ProcessHandle.current().pid() + ")");
			Class<?> behaviour = Class.forName("app.Behaviour");
			((Runnable) behaviour.getDeclaredConstructor().newInstance()).run();
			return;
		}
		Duration shutdownTimeout = Duration.parse("PT" + System.getProperty("shutdownTimeout", "10s"));
		CrashAction crashAction = CrashAction.valueOf(System.getProperty("onCrash", "wait").toUpperCase());
		ChildCommand command = ChildCommand.ofCurrentJvm(Arrays.asList(args), SupervisedMain.class);
		WatchSet.Builder watchSet = WatchSet.builder();
		ClassPathDirectories.of(command.getClassPathEntries()).forEach(watchSet::directory);
		WatchSet watched = watchSet.exclude("*.txt").build();
		ChangeWait changeWait = new WatchSetChangeWait(watched,
				() -> new StatReloader(watched, Duration.ofMillis(100)), Duration.ofMillis(50));
		Path workingDirectory = Paths.get(System.getProperty("user.dir"));
		System.out.println("Supervisor started (pid " + ProcessHandle.current().pid() + ")");
		int exitCode = new Supervisor(command, workingDirectory, shutdownTimeout, crashAction, changeWait).run();
		System.out.println("Supervisor exits with " + exitCode);
		System.exit(exitCode);
	}

}
