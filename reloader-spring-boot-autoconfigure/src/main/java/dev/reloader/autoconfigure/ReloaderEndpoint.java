package dev.reloader.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.reloader.launch.LastRestart;
import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.WatchSet;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code reloader} Actuator endpoint: what the reloader watches and with what, how
 * often the application restarted, what caused the last restart and how long it took; a
 * write operation restarts the application the way a changed file does.
 * <p>
 * Exposed like any endpoint, for example over HTTP with
 * {@code management.endpoints.web.exposure.include=health,reloader}: {@code GET} and
 * {@code POST /actuator/reloader}.
 *
 * @author Reloader contributors
 */
@Endpoint(id = "reloader")
public class ReloaderEndpoint {

	static final String RESTART_CAUSE = "restart requested through the reloader endpoint";

	private final ReloaderRunner runner;

	private final LastRestart lastRestart;

	ReloaderEndpoint(ReloaderRunner runner, LastRestart lastRestart) {
		this.runner = runner;
		this.lastRestart = lastRestart;
	}

	/**
	 * Describe the reloader.
	 * @return the description
	 */
	@ReadOperation
	public ReloaderDescriptor reloader() {
		ReloaderRunner.Status status = this.runner.getStatus();
		if (status == null) {
			// The web server answers before the application runners run: what caused this
			// start is known already, when the application became ready is not
			return new ReloaderDescriptor(null, "not started yet", null, this.lastRestart.getCount(),
					RestartDescriptor.of(this.lastRestart, null), null);
		}
		return new ReloaderDescriptor(status.reloader(), status.reason(), new WatchingDescriptor(status),
				this.lastRestart.getCount(), RestartDescriptor.of(this.lastRestart, status.started()),
				BatchDescriptor.of(status.lastBatch()));
	}

	/**
	 * Restart the application, as a changed class file would.
	 * @return whether a restart was started
	 */
	@WriteOperation
	public RestartRequestDescriptor restart() {
		boolean restarting = this.runner.requestRestart(RESTART_CAUSE);
		return new RestartRequestDescriptor(restarting,
				restarting ? "Restarting the application" : "The application is already restarting");
	}

	private static String format(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * What the reloader does.
	 */
	public static final class ReloaderDescriptor {

		private final String reloader;

		private final String reason;

		private final WatchingDescriptor watching;

		private final int restarts;

		private final RestartDescriptor lastRestart;

		private final BatchDescriptor lastBatch;

		ReloaderDescriptor(String reloader, String reason, WatchingDescriptor watching, int restarts,
				RestartDescriptor lastRestart, BatchDescriptor lastBatch) {
			this.reloader = reloader;
			this.reason = reason;
			this.watching = watching;
			this.restarts = restarts;
			this.lastRestart = lastRestart;
			this.lastBatch = lastBatch;
		}

		/**
		 * Return the reloader in use, such as {@code StatReloader}.
		 * @return the name
		 */
		public String getReloader() {
			return this.reloader;
		}

		/**
		 * Return why this reloader was chosen.
		 * @return the reason
		 */
		public String getReason() {
			return this.reason;
		}

		public WatchingDescriptor getWatching() {
			return this.watching;
		}

		/**
		 * Return how often the application restarted since it was launched.
		 * @return the number of restarts
		 */
		public int getRestarts() {
			return this.restarts;
		}

		public RestartDescriptor getLastRestart() {
			return this.lastRestart;
		}

		public BatchDescriptor getLastBatch() {
			return this.lastBatch;
		}

	}

	/**
	 * What is watched.
	 */
	public static final class WatchingDescriptor {

		private final List<String> roots;

		private final List<String> files;

		private final List<String> excludes;

		private final long fileCount;

		private final String summary;

		WatchingDescriptor(ReloaderRunner.Status status) {
			WatchSet watchSet = status.watchSet();
			this.roots = watchSet.getDirectories().stream().map(Path::toString).toList();
			this.files = watchSet.getFiles().stream().map(Path::toString).toList();
			this.excludes = watchSet.getExcludes();
			this.fileCount = countFiles(watchSet);
			this.summary = status.description();
		}

		private static long countFiles(WatchSet watchSet) {
			long count = watchSet.getFiles().stream().filter(Files::isRegularFile).count();
			for (Path root : watchSet.getDirectories()) {
				if (Files.isDirectory(root)) {
					try (Stream<Path> files = Files.walk(root)) {
						count += files.filter((file) -> Files.isRegularFile(file) && watchSet.includes(root, file))
							.count();
					}
					catch (IOException | UncheckedIOException ex) {
						// A directory that vanishes while it is counted adds nothing
					}
				}
			}
			return count;
		}

		/**
		 * Return the directories watched recursively.
		 * @return the absolute paths
		 */
		public List<String> getRoots() {
			return this.roots;
		}

		/**
		 * Return the single files watched, such as the trigger file.
		 * @return the absolute paths
		 */
		public List<String> getFiles() {
			return this.files;
		}

		/**
		 * Return the patterns of changes that never cause a restart.
		 * @return the patterns
		 */
		public List<String> getExcludes() {
			return this.excludes;
		}

		/**
		 * Return how many files are watched now, excluded ones included.
		 * @return the number of files
		 */
		public long getFileCount() {
			return this.fileCount;
		}

		/**
		 * Return what the reloader says it watches.
		 * @return a short description, such as {@code 47 files in 12 directories}
		 */
		public String getSummary() {
			return this.summary;
		}

	}

	/**
	 * The restart that started the running application.
	 */
	public static final class RestartDescriptor {

		private final String cause;

		private final String began;

		private final String ready;

		private final Long durationMillis;

		RestartDescriptor(String cause, Instant began, Instant ready) {
			this.cause = cause;
			this.began = format(began);
			this.ready = format(ready);
			this.durationMillis = (began != null && ready != null) ? Duration.between(began, ready).toMillis() : null;
		}

		static RestartDescriptor of(LastRestart lastRestart, Instant ready) {
			if (lastRestart.getCount() == 0) {
				return null;
			}
			return new RestartDescriptor(lastRestart.getCause(), lastRestart.getBegan(), ready);
		}

		/**
		 * Return what caused the restart.
		 * @return the cause as logged, or {@code null} after a crash
		 */
		public String getCause() {
			return this.cause;
		}

		/**
		 * Return when the restart was decided.
		 * @return an ISO-8601 instant, or {@code null} when not known
		 */
		public String getBegan() {
			return this.began;
		}

		/**
		 * Return when the restarted application was ready.
		 * @return an ISO-8601 instant
		 */
		public String getReady() {
			return this.ready;
		}

		/**
		 * Return how long the restart took, from the decision (the {@code Reloading} line)
		 * to the new application being ready.
		 * @return the duration in milliseconds, or {@code null} when not known
		 */
		public Long getDurationMillis() {
			return this.durationMillis;
		}

	}

	/**
	 * The last batch of changes the running application saw, whether it caused a restart
	 * or not (excluded files, a veto, a trigger file that has not changed yet).
	 */
	public static final class BatchDescriptor {

		private final String time;

		private final String summary;

		private final List<ChangeDescriptor> changes;

		BatchDescriptor(ReloaderRunner.SeenBatch batch) {
			this.time = format(batch.time());
			this.summary = batch.changes().describe(batch.displayName());
			this.changes = batch.changes()
				.getChanges()
				.stream()
				.map((change) -> new ChangeDescriptor(batch.displayName().apply(change.path()),
						change.type().name().toLowerCase(Locale.ROOT)))
				.toList();
		}

		static BatchDescriptor of(ReloaderRunner.SeenBatch batch) {
			return (batch != null) ? new BatchDescriptor(batch) : null;
		}

		/**
		 * Return when the batch was complete.
		 * @return an ISO-8601 instant
		 */
		public String getTime() {
			return this.time;
		}

		/**
		 * Return the batch in one line, as {@link ChangeBatch#describe} writes it.
		 * @return the summary
		 */
		public String getSummary() {
			return this.summary;
		}

		public List<ChangeDescriptor> getChanges() {
			return this.changes;
		}

	}

	/**
	 * One changed file.
	 */
	public static final class ChangeDescriptor {

		private final String path;

		private final String type;

		ChangeDescriptor(String path, String type) {
			this.path = path;
			this.type = type;
		}

		/**
		 * Return the path, relative to its watched directory where it has one.
		 * @return the path
		 */
		public String getPath() {
			return this.path;
		}

		/**
		 * Return what happened to the file.
		 * @return {@code added}, {@code modified} or {@code deleted}
		 */
		public String getType() {
			return this.type;
		}

	}

	/**
	 * The answer to a restart request.
	 */
	public static final class RestartRequestDescriptor {

		private final boolean restarting;

		private final String message;

		RestartRequestDescriptor(boolean restarting, String message) {
			this.restarting = restarting;
			this.message = message;
		}

		public boolean isRestarting() {
			return this.restarting;
		}

		public String getMessage() {
			return this.message;
		}

	}

}
