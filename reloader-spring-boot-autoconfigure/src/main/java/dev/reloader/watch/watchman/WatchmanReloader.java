package dev.reloader.watch.watchman;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.reloader.watch.Baseline;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.StatReloader;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link Reloader} that lets a <a href="https://facebook.github.io/watchman/">Watchman</a>
 * server watch the files and notify changes through subscriptions. Needs Watchman 4.9 or
 * later; {@link #probe(Duration)} tells whether one answers.
 * <p>
 * Every directory of the watch set gets a subscription to the files below it; single
 * files get one subscription per directory, restricted to those files. A directory that
 * does not exist yet is watched through its parent. Exclusions are left to the caller,
 * like every reloader does.
 * <p>
 * When Watchman loses track of changes (a "fresh instance", for example after its watch
 * was removed and made again) every file it lists is reported as modified.
 * <p>
 * When the server goes away or the connection breaks, watching goes on with the
 * reloader from the fallback supplier, started at that moment (or at {@link #start()},
 * when Watchman cannot watch the files then). To cover the gap, every
 * watched file modified since shortly before the last notification is reported as
 * modified once; files deleted in the gap are not reported.
 *
 * @author Reloader contributors
 */
public class WatchmanReloader implements Reloader {

	private static final Log logger = LogFactory.getLog(WatchmanReloader.class);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration GAP_MARGIN = Duration.ofSeconds(1);

	private static final int[] REQUIRED_VERSION = { 4, 9 };

	private final WatchSet watchSet;

	private final Duration timeout;

	private final Supplier<? extends Reloader> fallbackSupplier;

	private final SocketLocator locator;

	private final List<Subscription> subscriptions = new ArrayList<>();

	private volatile boolean closed;

	private WatchmanConnection connection;

	private String version;

	private Instant lastNotification;

	private Instant lastPoll = Instant.now();

	private Reloader fallback;

	/**
	 * Create a new reloader for the Watchman server that the {@code WATCHMAN_SOCK}
	 * environment variable or the {@code watchman} command names.
	 * @param watchSet what to watch
	 * @param timeout how long Watchman may take to answer a command
	 * @param fallback supplies the reloader, not yet started, that takes over when the
	 * server goes away
	 */
	public WatchmanReloader(WatchSet watchSet, Duration timeout, Supplier<? extends Reloader> fallback) {
		this(watchSet, timeout, fallback, SocketLocator.fromEnvironment());
	}

	WatchmanReloader(WatchSet watchSet, Duration timeout, Supplier<? extends Reloader> fallback,
			SocketLocator locator) {
		this.watchSet = Objects.requireNonNull(watchSet, "'watchSet' must not be null");
		this.timeout = requirePositive(timeout);
		this.fallbackSupplier = Objects.requireNonNull(fallback, "'fallback' must not be null");
		this.locator = locator;
	}

	private static Duration requirePositive(Duration timeout) {
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("'timeout' must be positive, was " + timeout);
		}
		return timeout;
	}

	/**
	 * Tell whether a Watchman server that is new enough answers, looking for it the way
	 * {@link #WatchmanReloader(WatchSet, Duration, Supplier)} does. May start a server
	 * for the current user, as the {@code watchman} command does.
	 * @param timeout how long the {@code watchman} command may take; the server itself
	 * must answer within a second at most
	 * @return whether Watchman can be used, and if not why
	 */
	public static Availability probe(Duration timeout) {
		return probe(SocketLocator.fromEnvironment(), timeout);
	}

	static Availability probe(SocketLocator locator, Duration timeout) {
		requirePositive(timeout);
		Path socket;
		try {
			socket = locator.locate(timeout);
		}
		catch (IOException ex) {
			return Availability.unavailable(ex.getMessage());
		}
		Duration probeTimeout = (timeout.compareTo(PROBE_TIMEOUT) < 0) ? timeout : PROBE_TIMEOUT;
		String version;
		try (WatchmanConnection connection = WatchmanConnection.open(socket, probeTimeout)) {
			version = versionOf(connection);
		}
		catch (IOException ex) {
			return Availability.unavailable("the Watchman server at " + socket + " does not answer: " + messageOf(ex));
		}
		if (!isSupported(version)) {
			return Availability.unavailable("Watchman " + version + " is too old: 4.9 or later is required");
		}
		return Availability.available(version);
	}

	private static String messageOf(Exception ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getName();
	}

	private static String versionOf(WatchmanConnection connection) throws IOException {
		Object version = connection.command("version").get("version");
		if (!(version instanceof String text)) {
			throw new IOException("its answer to 'version' has no version");
		}
		return text;
	}

	static boolean isSupported(String version) {
		String[] parts = version.split("\\.");
		for (int i = 0; i < REQUIRED_VERSION.length; i++) {
			int part = (i < parts.length) ? leadingNumber(parts[i]) : 0;
			if (part != REQUIRED_VERSION[i]) {
				return part > REQUIRED_VERSION[i];
			}
		}
		return true;
	}

	private static int leadingNumber(String part) {
		int end = 0;
		while (end < part.length() && end < 9 && Character.isDigit(part.charAt(end))) {
			end++;
		}
		return (end > 0) ? Integer.parseInt(part.substring(0, end)) : 0;
	}

	@Override
	public String getName() {
		return "WatchmanReloader";
	}

	/**
	 * Connect to the server and subscribe to the watch set. If Watchman cannot watch it
	 * (the server went away since it was probed, or refuses a directory), the fallback
	 * reloader is started instead and a warning says why.
	 */
	@Override
	public void start() throws IOException {
		try {
			watch();
		}
		catch (InterruptedIOException ex) {
			closeConnection();
			throw ex;
		}
		catch (IOException ex) {
			closeConnection();
			startFallback("Watchman cannot watch the files (" + messageOf(ex) + ")");
		}
		this.lastNotification = Instant.now();
		this.lastPoll = this.lastNotification;
	}

	private void watch() throws IOException {
		Path socket = this.locator.locate(this.timeout);
		this.connection = WatchmanConnection.open(socket, this.timeout);
		this.version = versionOf(this.connection);
		if (!isSupported(this.version)) {
			throw new IOException(
					"Watchman " + this.version + " at " + socket + " is too old: 4.9 or later is required");
		}
		for (Subscription subscription : plan()) {
			if (subscription.subscribe(this.connection, null, this.timeout)) {
				this.subscriptions.add(subscription);
			}
		}
	}

	private List<Subscription> plan() {
		List<Subscription> plan = new ArrayList<>();
		for (Path directory : this.watchSet.getDirectories()) {
			plan.add(new Subscription("reloader-" + plan.size(), directory, List.of()));
		}
		Map<Path, List<String>> filesByDirectory = new LinkedHashMap<>();
		for (Path file : this.watchSet.getFiles()) {
			if (!isBelowWatchedDirectory(file) && file.getParent() != null && file.getFileName() != null) {
				filesByDirectory.computeIfAbsent(file.getParent(), (key) -> new ArrayList<>())
					.add(file.getFileName().toString());
			}
		}
		filesByDirectory.forEach((directory, names) -> plan
			.add(new Subscription("reloader-" + plan.size(), directory, names)));
		return plan;
	}

	private boolean isBelowWatchedDirectory(Path file) {
		for (Path directory : this.watchSet.getDirectories()) {
			if (file.startsWith(directory)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public List<FileChange> poll(Duration timeout) throws IOException, InterruptedException {
		if (this.fallback != null) {
			return this.fallback.poll(timeout);
		}
		if (this.connection == null) {
			throw new IllegalStateException("WatchmanReloader has not been started");
		}
		this.lastPoll = Instant.now();
		try {
			return receive(timeout);
		}
		catch (InterruptedIOException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedException(ex.getMessage());
		}
		catch (IOException | RuntimeException ex) {
			if (this.closed) {
				return List.of();
			}
			return fallBack(ex);
		}
	}

	private List<FileChange> receive(Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<FileChange> changes = new ArrayList<>();
		Map<String, Object> notification = this.connection.nextUnilateral(timeout);
		while (notification != null) {
			changes.addAll(handle(notification));
			Duration wait = changes.isEmpty() ? Duration.ofNanos(deadline - System.nanoTime()) : Duration.ZERO;
			notification = this.connection.nextUnilateral(wait);
		}
		return changes;
	}

	private List<FileChange> handle(Map<String, Object> notification) throws IOException {
		this.lastNotification = Instant.now();
		Subscription subscription = subscriptionNamed(notification.get("subscription"));
		if (subscription == null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Ignoring a notification from Watchman for no subscription of this reloader: "
						+ notification);
			}
			return List.of();
		}
		if (Subscription.isCanceled(notification)) {
			logger.warn("Watchman stopped watching " + subscription.getDirectory()
					+ " (its watch was removed or its directory deleted); watching it again");
			if (!subscription.subscribe(this.connection, subscription.getClock(), this.timeout)) {
				this.subscriptions.remove(subscription);
			}
			return List.of();
		}
		return subscription.changesIn(notification);
	}

	private Subscription subscriptionNamed(Object name) {
		for (Subscription subscription : this.subscriptions) {
			if (subscription.getName().equals(name)) {
				return subscription;
			}
		}
		return null;
	}

	private List<FileChange> fallBack(Exception cause) throws IOException {
		closeConnection();
		if (this.closed) {
			return List.of();
		}
		Instant since = this.lastNotification.minus(GAP_MARGIN);
		startFallback("Watchman stopped answering (" + messageOf(cause) + ")");
		return RecentlyModifiedFiles.find(this.watchSet, since);
	}

	private void startFallback(String reason) throws IOException {
		Reloader fallback = this.fallbackSupplier.get();
		logger.warn(reason + "; watching for file changes with " + fallback.getName() + " from now on");
		fallback.start();
		this.fallback = fallback;
	}

	/**
	 * Return the Watchman clock of each subscription, or the fallback's baseline once
	 * the server is gone.
	 */
	@Override
	public Baseline baseline() {
		if (this.fallback != null) {
			return this.fallback.baseline();
		}
		Map<Path, String> clocks = new LinkedHashMap<>();
		for (Subscription subscription : this.subscriptions) {
			clocks.put(subscription.getDirectory(), subscription.getClock());
		}
		return Baseline.ofClocks(this.lastPoll, clocks);
	}

	/**
	 * Ask Watchman what changed since the clocks of the baseline. Where it cannot tell
	 * (its server has restarted since), every watched file modified since shortly before
	 * the baseline was seen is reported modified instead, with a warning. A baseline of
	 * file states, handed over by another kind of reloader, is compared with the files
	 * by walking them.
	 */
	@Override
	public List<FileChange> changesSince(Baseline baseline) throws IOException {
		if (this.fallback != null) {
			return this.fallback.changesSince(baseline);
		}
		if (baseline.hasFileStates() || baseline.getClocks().isEmpty()) {
			// Handed over by another kind of reloader: walk the files as it would
			StatReloader walk = new StatReloader(this.watchSet, Duration.ofSeconds(1));
			walk.start();
			return walk.changesSince(baseline);
		}
		List<FileChange> changes = new ArrayList<>();
		for (Subscription subscription : this.subscriptions) {
			String clock = baseline.getClocks().get(subscription.getDirectory());
			if (clock == null) {
				// Not watched by the previous application: nothing to compare with
				continue;
			}
			List<FileChange> since = subscription.changesSince(this.connection, clock);
			if (since == null) {
				Instant seen = baseline.getSeen().minus(GAP_MARGIN);
				logger.warn("The Watchman server has restarted since the previous application last looked (its "
						+ "clock for " + subscription.getDirectory() + " is from another instance); looking for "
						+ "files modified since " + seen + " with a full scan");
				return RecentlyModifiedFiles.find(this.watchSet, seen);
			}
			changes.addAll(since);
		}
		return changes;
	}

	/**
	 * Return whether the server went away and another reloader took over.
	 * @return {@code true} once the fallback reloader is in use
	 */
	boolean isFallenBack() {
		return this.fallback != null;
	}

	@Override
	public String describe() {
		if (this.fallback != null) {
			return this.fallback.describe() + " (Watchman is gone)";
		}
		int directories = this.watchSet.getDirectories().size();
		int files = this.watchSet.getFiles().size();
		return plural(directories, "directory", "directories") + " and " + plural(files, "file", "files")
				+ " through Watchman " + this.version;
	}

	private static String plural(int count, String one, String many) {
		return count + " " + ((count != 1) ? many : one);
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		try {
			closeConnection();
		}
		finally {
			Reloader fallback = this.fallback;
			if (fallback != null) {
				fallback.close();
			}
		}
	}

	private void closeConnection() {
		WatchmanConnection connection = this.connection;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				logger.debug("Could not close the connection to Watchman", ex);
			}
		}
	}

	/**
	 * Whether a Watchman server can be used, and if not why.
	 */
	public static final class Availability {

		private final String version;

		private final String reason;

		private Availability(String version, String reason) {
			this.version = version;
			this.reason = reason;
		}

		static Availability available(String version) {
			return new Availability(version, null);
		}

		static Availability unavailable(String reason) {
			return new Availability(null, reason);
		}

		public boolean isAvailable() {
			return this.reason == null;
		}

		/**
		 * Return the version of the server that answered.
		 * @return the version, or {@code null} when unavailable
		 */
		public String getVersion() {
			return this.version;
		}

		/**
		 * Return why Watchman cannot be used, for example that it is not installed.
		 * @return the reason, or {@code null} when available
		 */
		public String getReason() {
			return this.reason;
		}

		@Override
		public String toString() {
			return isAvailable() ? "Watchman " + this.version + " is available" : this.reason;
		}

	}

}
