package dev.reloader.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One child JVM: started with inherited standard streams, stopped gracefully, and killed
 * with its whole process tree when it does not stop in time.
 *
 * @author Reloader contributors
 */
public final class ChildProcess {

	private static final Log logger = LogFactory.getLog(ChildProcess.class);

	private final Process process;

	private ChildProcess(Process process) {
		this.process = process;
	}

	/**
	 * Start a child.
	 * @param commandLine the command line
	 * @param environment variables to set (or, with a {@code null} value, remove) on top
	 * of this process's environment
	 * @param directory the working directory
	 * @return the running child
	 * @throws IOException if the process cannot be started
	 */
	public static ChildProcess start(List<String> commandLine, Map<String, String> environment, Path directory)
			throws IOException {
		return start(commandLine, environment, directory, ProcessBuilder.Redirect.INHERIT);
	}

	/**
	 * Start a child with inherited standard output and error.
	 * @param commandLine the command line
	 * @param environment variables to set (or, with a {@code null} value, remove) on top
	 * of this process's environment
	 * @param directory the working directory
	 * @param input where the child's standard input comes from
	 * @return the running child
	 * @throws IOException if the process cannot be started
	 */
	public static ChildProcess start(List<String> commandLine, Map<String, String> environment, Path directory,
			ProcessBuilder.Redirect input) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(ArgumentFile.shorten(commandLine)).directory(directory.toFile())
			.inheritIO()
			.redirectInput(input);
		environment.forEach((name, value) -> {
			if (value != null) {
				builder.environment().put(name, value);
			}
			else {
				builder.environment().remove(name);
			}
		});
		return new ChildProcess(builder.start());
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return the stream that feeds the child's standard input, when it was started with a
	 * pipe for it.
	 * @return the stream
	 */
	OutputStream input() {
		return this.process.getOutputStream();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Run the given action once the child has exited.
	 * @param action the action, run on a thread of the JDK's
	 */
	void onExit(Runnable action) {
		this.process.onExit().thenRun(action);
	}

	int exitValue() {
		return this.process.exitValue();
	}

	int waitFor() throws InterruptedException {
		return this.process.waitFor();
	}

	/**
	 * Ask the child to stop (SIGTERM, so its shutdown hooks close the application context),
	 * wait up to {@code timeout}, then kill it and every process it started.
	 * @param timeout how long a graceful stop may take
	 * @return the child's exit code
	 * @throws InterruptedException if interrupted while waiting
	 */
	int stop(Duration timeout) throws InterruptedException {
		if (this.process.isAlive()) {
			List<ProcessHandle> descendants = this.process.descendants().toList();
			this.process.destroy();
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Application (pid " + pid() + ") did not stop within " + timeout.toMillis()
						+ " ms (reloader.shutdown-timeout); killing it");
				killTree(descendants);
				this.process.waitFor();
			}
			else {
				descendants.forEach(ProcessHandle::destroyForcibly);
			}
		}
		return this.process.exitValue();
	}

	/**
	 * Kill the child and every process it started, without waiting.
	 */
	public void kill() {
		killTree(List.of());
	}

	private void killTree(List<ProcessHandle> knownDescendants) {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		knownDescendants.forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

}
