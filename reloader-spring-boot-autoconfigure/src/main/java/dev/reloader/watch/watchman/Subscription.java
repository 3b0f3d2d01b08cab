package dev.reloader.watch.watchman;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reloader.watch.ChangeType;
import dev.reloader.watch.FileChange;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One Watchman subscription: a directory of the watch set, watched recursively, or the
 * directory of some single files, restricted to those files. Names in notifications are
 * relative to that directory, so changes are reported under the path the watch set
 * gives, whatever Watchman chose as the root of its watch.
 *
 * @author Reloader contributors
 */
final class Subscription {

	private static final Log logger = LogFactory.getLog(Subscription.class);

	private static final List<String> FIELDS = List.of("name", "exists", "new");

	private final String name;

	private final Path directory;

	private final List<String> fileNames;

	private String root;

	private String clock;

	private String relativeRoot;

	/**
	 * Create a subscription.
	 * @param name the subscription name, unique on its connection
	 * @param directory the absolute directory to watch
	 * @param fileNames the names of the files in {@code directory} to watch, or an empty
	 * list to watch every file below it
	 */
	Subscription(String name, Path directory, List<String> fileNames) {
		this.name = name;
		this.directory = directory;
		this.fileNames = List.copyOf(fileNames);
	}

	String getName() {
		return this.name;
	}

	Path getDirectory() {
		return this.directory;
	}

	/**
	 * Ask Watchman to watch the directory (or its parent, while the directory does not
	 * exist) and to notify changes made after the given clock, or after now.
	 * @param connection the connection
	 * @param since the clock to report changes after, or {@code null} for now
	 * @param timeout how long Watchman may take to catch up with pending changes
	 * @return {@code false} if neither the directory nor its parent exists, so nothing
	 * can be watched
	 * @throws IOException if Watchman refused or did not answer
	 */
	boolean subscribe(WatchmanConnection connection, String since, Duration timeout) throws IOException {
		Path watched = this.directory;
		String missing = null;
		if (!Files.isDirectory(this.directory)) {
			Path parent = this.directory.getParent();
			if (parent == null || !Files.isDirectory(parent) || this.directory.getFileName() == null) {
				logger.warn("Not watching " + this.directory + " with Watchman: neither it nor its parent directory "
						+ "exists. Create it and restart the application to watch it");
				return false;
			}
			logger.info("Watching the parent directory of " + this.directory
					+ " with Watchman until it exists: it does not exist yet");
			watched = parent;
			missing = this.directory.getFileName().toString();
		}
		Map<String, Object> watch = connection.command("watch-project", watched.toString());
		this.root = requireString(watch, "watch", "watch-project");
		this.relativeRoot = joinRelative(optionalString(watch, "relative_path"), missing);
		this.clock = (since != null) ? since : clock(connection, timeout);
		Map<String, Object> options = options(this.clock);
		options.put("defer_vcs", true);
		connection.command("subscribe", this.root, this.name, options);
		return true;
	}

	private Map<String, Object> options(String since) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("expression", expression());
		options.put("fields", FIELDS);
		options.put("since", since);
		if (this.relativeRoot != null) {
			options.put("relative_root", this.relativeRoot);
		}
		return options;
	}

	/**
	 * Ask Watchman what changed since a clock of an earlier subscription to the same
	 * directory, once subscribed.
	 * @param connection the connection
	 * @param since the earlier clock
	 * @return the changes, or {@code null} if Watchman cannot tell (the clock is from a
	 * server that has restarted since, or from a watch made again)
	 * @throws IOException if Watchman refused or did not answer
	 */
	List<FileChange> changesSince(WatchmanConnection connection, String since) throws IOException {
		Map<String, Object> reply = connection.command("query", this.root, options(since));
		if (Boolean.TRUE.equals(reply.get("is_fresh_instance"))) {
			return null;
		}
		return changesIn(reply.get("files"), false);
	}

	private String clock(WatchmanConnection connection, Duration timeout) throws IOException {
		Map<String, Object> reply = connection.command("clock", this.root, Map.of("sync_timeout", timeout.toMillis()));
		return requireString(reply, "clock", "clock");
	}

	private List<Object> expression() {
		List<Object> files = List.of("type", "f");
		if (this.fileNames.isEmpty()) {
			return files;
		}
		return List.of("allof", files, List.of("name", this.fileNames, "wholename"));
	}

	private static String joinRelative(String relativePath, String missing) {
		if (relativePath == null || relativePath.isEmpty()) {
			return missing;
		}
		return (missing != null) ? relativePath + "/" + missing : relativePath;
	}

	/**
	 * Return whether a notification tells that Watchman stopped this subscription, for
	 * example because its watch was removed or its root deleted.
	 * @param notification the notification
	 * @return {@code true} if the subscription must be made again
	 */
	static boolean isCanceled(Map<String, Object> notification) {
		return Boolean.TRUE.equals(notification.get("canceled"));
	}

	/**
	 * Turn a notification into changes and remember its clock.
	 * <p>
	 * A fresh instance notification means Watchman lost track of what happened since
	 * the last clock (its watch was made again, or it recrawled the tree) and lists every
	 * file that exists now instead of what changed. Every listed file is then reported as
	 * {@link ChangeType#MODIFIED}: more than what changed, never less, except that files
	 * deleted while Watchman had lost track are not reported.
	 * @param notification the notification
	 * @return the changes, absolute paths under the subscribed directory
	 */
	List<FileChange> changesIn(Map<String, Object> notification) {
		Object clock = notification.get("clock");
		if (clock instanceof String value) {
			this.clock = value;
		}
		boolean freshInstance = Boolean.TRUE.equals(notification.get("is_fresh_instance"));
		List<FileChange> changes = changesIn(notification.get("files"), freshInstance);
		if (freshInstance) {
			logger.info("Watchman lost track of changes under " + this.directory + "; reporting its "
					+ changes.size() + " files as modified");
		}
		return changes;
	}

	private List<FileChange> changesIn(Object listed, boolean freshInstance) {
		if (!(listed instanceof List<?> files)) {
			return List.of();
		}
		List<FileChange> changes = new ArrayList<>(files.size());
		for (Object file : files) {
			if (file instanceof Map<?, ?> fields && fields.get("name") instanceof String fileName) {
				boolean exists = Boolean.TRUE.equals(fields.get("exists"));
				if (freshInstance && !exists) {
					continue;
				}
				Path path = this.directory.resolve(fileName).normalize();
				changes.add(new FileChange(path, changeType(freshInstance, exists, fields.get("new"))));
			}
		}
		return changes;
	}

	private static ChangeType changeType(boolean freshInstance, boolean exists, Object isNew) {
		if (!exists) {
			return ChangeType.DELETED;
		}
		if (!freshInstance && Boolean.TRUE.equals(isNew)) {
			return ChangeType.ADDED;
		}
		return ChangeType.MODIFIED;
	}

	String getClock() {
		return this.clock;
	}

	private static String requireString(Map<String, Object> reply, String key, String command) throws IOException {
		Object value = reply.get(key);
		if (!(value instanceof String text)) {
			throw new IOException("Watchman answered '" + command + "' without '" + key + "': " + reply);
		}
		return text;
	}

	private static String optionalString(Map<String, Object> reply, String key) {
		Object value = reply.get(key);
		return (value instanceof String text) ? text : null;
	}

	@Override
	public String toString() {
		return this.name + " " + this.directory + (this.fileNames.isEmpty() ? "" : " " + this.fileNames);
	}

}
