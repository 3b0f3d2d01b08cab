package dev.reloader.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs {@code reloader.build.command} when sources change: one build at a time, on its own
 * thread, and once more after it ends if sources changed while it ran. The command's
 * output goes to the application's standard streams, so a compiler error stays on screen.
 *
 * @author Reloader contributors
 */
final class SourceBuild {

	private static final Log logger = LogFactory.getLog(SourceBuild.class);

	private final String command;

	private final Path workingDirectory;

	private final Object monitor = new Object();

	private boolean running;

	private boolean again;

	private boolean failed;

	private boolean stopped;

	private Process process;

	SourceBuild(String command, Path workingDirectory) {
		this.command = Objects.requireNonNull(command, "'command' must not be null");
		this.workingDirectory = Objects.requireNonNull(workingDirectory, "'workingDirectory' must not be null");
	}

	/**
	 * Return the command line that runs a command through the platform's shell.
	 * @param command the command
	 * @return {@code sh -c command}, or {@code cmd /c command} on Windows
	 */
	static List<String> shellCommandLine(String command) {
		return (File.separatorChar == '\\') ? List.of("cmd", "/c", command) : List.of("sh", "-c", command);
	}

	/**
	 * Build now, or once more after the running build if one is running.
	 */
	void request() {
		synchronized (this.monitor) {
			if (this.stopped) {
				return;
			}
			if (this.running) {
				this.again = true;
				return;
			}
			this.running = true;
		}
		Thread thread = new Thread(new Builds(), "reloader-build");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Build once on the calling thread, for example before the application starts.
	 * @return whether the build succeeded
	 */
	boolean buildNow() {
		return new Builds().build();
	}

	/**
	 * Return whether no build is running or waiting to run.
	 * @return {@code true} when idle
	 */
	boolean isIdle() {
		synchronized (this.monitor) {
			return !this.running;
		}
	}

	/**
	 * Return whether the last build that ended failed.
	 * @return {@code true} after a failed build, until a build succeeds
	 */
	boolean hasFailed() {
		synchronized (this.monitor) {
			return this.failed;
		}
	}

	/**
	 * Stop the running build, if any, and run no more.
	 */
	void stop() {
		Process running;
		synchronized (this.monitor) {
			this.stopped = true;
			running = this.process;
		}
		if (running != null) {
			running.descendants().forEach(ProcessHandle::destroy);
			running.destroy();
		}
	}

	private boolean buildOnce() throws IOException, InterruptedException {
		logger.info("Building: " + this.command);
		long start = System.nanoTime();
		Process started;
		synchronized (this.monitor) {
			if (this.stopped) {
				return false;
			}
			started = new ProcessBuilder(shellCommandLine(this.command)).directory(this.workingDirectory.toFile())
				.inheritIO()
				.start();
			this.process = started;
		}
		int exitCode = started.waitFor();
		synchronized (this.monitor) {
			this.process = null;
		}
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		if (exitCode != 0) {
			logger.error("Build failed with exit code " + exitCode + " after " + millis
					+ " ms (reloader.build.command: " + this.command
					+ "); the application keeps running the previous code until a build succeeds");
			return false;
		}
		logger.info("Build succeeded in " + millis + " ms");
		return true;
	}

	private final class Builds implements Runnable {

		@Override
		public void run() {
			boolean more = true;
			while (more) {
				boolean succeeded = build();
				synchronized (SourceBuild.this.monitor) {
					SourceBuild.this.failed = !succeeded;
					more = SourceBuild.this.again && !SourceBuild.this.stopped;
					SourceBuild.this.again = false;
					SourceBuild.this.running = more;
				}
			}
		}

		private boolean build() {
			try {
				return buildOnce();
			}
			catch (IOException ex) {
				logger.error("Could not run the build command (reloader.build.command: " + SourceBuild.this.command
						+ "): " + ex.getMessage());
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

}
