package dev.reloader.autoconfigure;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.reloader.launch.BaselineFile;
import dev.reloader.launch.LastRestart;
import dev.reloader.launch.standby.SupervisorChannel;
import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.MavenCompilerStatus;
import dev.reloader.watch.QuietPeriod;
import dev.reloader.watch.ReloadLoop;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Starts watching for file changes once the application has started, on a daemon thread,
 * and decides what each batch of changes means: run the build command for changed
 * sources, wait for the trigger file, publish a {@link FilesChangedEvent}, let vetoes have
 * their say, and restart when a change that is not excluded remains.
 *
 * @author Reloader contributors
 */
class ReloaderRunner implements ApplicationRunner, DisposableBean {

	private static final Log logger = LogFactory.getLog(ReloaderRunner.class);

	private static final Duration LOOP_END_TIMEOUT = Duration.ofSeconds(2);

	private final ReloaderSelector selector;

	private final WatchSet watchSet;

	private final ReloaderProperties properties;

	private final ApplicationEventPublisher publisher;

	private final List<ReloadVeto> vetoes;

	private final ReloadTrigger trigger;

	private final Path triggerFile;

	private final WatchSet sources;

	private final SourceBuild build;

	private final BaselineFile baselineFile;

	private final Object monitor = new Object();

	private Thread thread;

	private ReloadLoop loop;

	private Reloader reloader;

	private String reason;

	private WatchSet watched;

	private Instant started;

	private SeenBatch lastBatch;

	private boolean restarting;

	private boolean handedOver;

	private final CountDownLatch handOverDone = new CountDownLatch(1);

	ReloaderRunner(ReloaderSelector selector, WatchSet watchSet, ReloaderProperties properties, Path workingDirectory,
			ApplicationEventPublisher publisher, List<ReloadVeto> vetoes, ReloadTrigger trigger) {
		this(selector, watchSet, properties, workingDirectory, publisher, vetoes, trigger, BaselineFile.ofChild());
	}

	/**
	 * Create a runner that carries on from what the previous application saw of the
	 * watched files, and hands what it saw over to the next one, through the given
	 * baseline file.
	 */
	ReloaderRunner(ReloaderSelector selector, WatchSet watchSet, ReloaderProperties properties, Path workingDirectory,
			ApplicationEventPublisher publisher, List<ReloadVeto> vetoes, ReloadTrigger trigger,
			BaselineFile baselineFile) {
		this.baselineFile = baselineFile;
		this.selector = selector;
		this.watchSet = watchSet;
		this.properties = properties;
		this.publisher = publisher;
		this.vetoes = List.copyOf(vetoes);
		this.trigger = trigger;
		this.triggerFile = ClassPathWatchSet.triggerFile(properties, workingDirectory);
		this.sources = ClassPathWatchSet.sources(properties, workingDirectory);
		this.build = (this.sources != null) ? new SourceBuild(properties.getBuild().getCommand(), workingDirectory)
				: null;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		synchronized (this.monitor) {
			if (this.thread != null) {
				return;
			}
			ReloaderStartedEvent started = new ReloaderStartedEvent(this, this.watchSet);
			this.publisher.publishEvent(started);
			Decision decision = new Decision(started.close());
			WatchSet watched = (this.sources != null)
					? WatchSet.builder().add(decision.restarting).add(this.sources).build() : decision.restarting;
			ReloaderSelector.Selection selection = this.selector.select(watched);
			logger.info("Using " + selection.reloader().getName() + ": " + selection.reason());
			this.reloader = selection.reloader();
			this.reason = selection.reason();
			this.watched = watched;
			this.started = Instant.now();
			this.reloader.start();
			logger.info("Watching for file changes with " + this.reloader.getName() + " ("
					+ this.reloader.describe() + ")");
			QuietPeriod quietPeriod = new QuietPeriod(this.properties.getQuietPeriod(),
					this.properties.getDeletionQuietPeriod(), this.properties.getShortQuietPeriod());
			ReloadLoop loop = new ReloadLoop(this.reloader, quietPeriod, decision)
				.withBuildStatus(new MavenCompilerStatus(watched.getDirectories()));
			this.loop = loop;
			this.thread = new Thread(() -> {
				loop.withInitialChanges(missedChanges());
				loop.run();
			}, "reloader");
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	/**
	 * Return the changes made while the previous application stopped and this one
	 * started, which the reloader that has just started did not see: each goes through
	 * the same decision as a change seen later, so a class changed after this
	 * application read it restarts it once more.
	 */
	private List<FileChange> missedChanges() {
		if (this.baselineFile == null) {
			return List.of();
		}
		List<FileChange> changes;
		try {
			changes = this.baselineFile.changesSince(this.reloader);
		}
		catch (InterruptedIOException ex) {
			// The application is stopping
			Thread.currentThread().interrupt();
			return List.of();
		}
		catch (IOException ex) {
			logger.warn("Cannot compare the watched files with what the previous application saw (" + ex
					+ "); changes made during the restart are seen at the next change");
			return List.of();
		}
		if (!changes.isEmpty() && logger.isDebugEnabled()) {
			logger.debug("Changed after the previous application last looked and before this one watched: "
					+ ChangeBatch.of(changes).describe(this.watched::displayName)
					+ "; restarting once more if they call for it, since this application may have read the "
					+ "files before they changed");
		}
		return changes;
	}

	/**
	 * Hand what the reloader saw over to the next application, once. Called on the
	 * loop's thread, or once the loop has ended.
	 */
	private void handOver() {
		Reloader reloader;
		synchronized (this.monitor) {
			if (this.handedOver || this.baselineFile == null || this.reloader == null) {
				return;
			}
			this.handedOver = true;
			reloader = this.reloader;
		}
		try {
			this.baselineFile.handOver(reloader);
		}
		finally {
			this.handOverDone.countDown();
		}
	}

	/**
	 * Stop the loop and wait a little for its thread to end, so that the reloader can be
	 * read from this thread.
	 * @return whether the loop's thread has ended
	 */
	private boolean stopLoop() {
		Thread thread;
		synchronized (this.monitor) {
			if (this.loop != null) {
				this.loop.stop();
			}
			thread = this.thread;
		}
		if (thread == null || thread == Thread.currentThread()) {
			return thread == null;
		}
		thread.interrupt();
		try {
			thread.join(LOOP_END_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !thread.isAlive();
	}

	private void awaitHandOver() {
		try {
			if (!this.handOverDone.await(LOOP_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.debug("Closing the reloader before it has handed over what it saw");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void stopLoopWithoutWaiting() {
		synchronized (this.monitor) {
			if (this.loop != null) {
				this.loop.stop();
			}
			if (this.thread != null && this.thread != Thread.currentThread()) {
				this.thread.interrupt();
			}
		}
	}

	/**
	 * Restart the application as a change would, without a change: log one
	 * {@code Reloading} line with the cause and exit with the restart code, on a thread of
	 * its own so that the caller (an HTTP request, say) can finish first.
	 * @param cause what asked for the restart, for example {@code restart requested
	 * through the reloader endpoint}
	 * @return {@code false} if the application is already restarting
	 */
	boolean requestRestart(String cause) {
		synchronized (this.monitor) {
			if (this.restarting || this.thread == null) {
				return false;
			}
		}
		Thread restart = new Thread(() -> {
			if (stopLoop()) {
				handOver();
			}
			restart(cause, false);
		}, "reloader-restart");
		restart.start();
		return true;
	}

	/**
	 * Log the {@code Reloading} line and restart, once.
	 * @param cause what caused the restart
	 * @param handOver whether to hand what the reloader saw over to the next application
	 * while the exit (and with it the context's graceful close) begins on a thread of its
	 * own, so that the hand-over adds nothing to the restart; only on the loop's thread
	 * @return {@code false} if the application was already restarting
	 */
	private boolean restart(String cause, boolean handOver) {
		synchronized (this.monitor) {
			if (this.restarting) {
				return false;
			}
			this.restarting = true;
			if (this.loop != null) {
				this.loop.stop();
			}
		}
		logger.info("Reloading: " + cause);
		LastRestart.leaveNote(cause, Instant.now());
		if (handOver) {
			new Thread(this.trigger::restart, "reloader-exit").start();
			handOver();
			leaveEarly();
		}
		else {
			leaveEarly();
			this.trigger.restart();
		}
		return true;
	}

	/**
	 * Once what the reloader saw has been handed over, tell the supervisor that this
	 * application is leaving, so that the next one can start while this one closes.
	 */
	private void leaveEarly() {
		synchronized (this.monitor) {
			if (!this.handedOver) {
				return;
			}
		}
		SupervisorChannel.notifyLeaving();
	}

	/**
	 * Return what the reloader does, once it has started.
	 * @return the status, or {@code null} before {@link #run(ApplicationArguments)}
	 */
	Status getStatus() {
		synchronized (this.monitor) {
			if (this.reloader == null) {
				return null;
			}
			return new Status(this.reloader.getName(), this.reason, this.reloader.describe(), this.watched,
					this.started, this.lastBatch, this.restarting);
		}
	}

	@Override
	public void destroy() throws IOException {
		Reloader started;
		boolean handedOver;
		synchronized (this.monitor) {
			started = this.reloader;
			handedOver = this.handedOver;
		}
		if (handedOver) {
			// The baseline is written while the context closes: the reloader stays open
			// until it is
			awaitHandOver();
			stopLoopWithoutWaiting();
		}
		else if (stopLoop()) {
			handOver();
		}
		if (this.build != null) {
			this.build.stop();
		}
		if (started != null) {
			started.close();
		}
	}

	/**
	 * What the reloader does, for the Actuator endpoint.
	 *
	 * @param reloader the name of the reloader
	 * @param reason why it was chosen
	 * @param description what it watches, in its own words
	 * @param watchSet what is watched
	 * @param started when the reloader started, that is, when the application was ready
	 * @param lastBatch the last batch of changes seen, or {@code null}
	 * @param restarting whether a restart is under way
	 */
	record Status(String reloader, String reason, String description, WatchSet watchSet, Instant started,
			SeenBatch lastBatch, boolean restarting) {
	}

	/**
	 * A batch of changes and when it was seen.
	 *
	 * @param time when the batch was complete
	 * @param changes the changes
	 * @param displayName how to show a changed path
	 */
	record SeenBatch(Instant time, ChangeBatch changes, Function<Path, String> displayName) {
	}

	/**
	 * Decides what each batch of changes means. Runs on the loop's thread only.
	 */
	private final class Decision implements ReloadLoop.BatchHandler {

		private final WatchSet restarting;

		private ChangeBatch.Builder notRestarted = new ChangeBatch.Builder();

		private boolean triggered;

		Decision(WatchSet restarting) {
			this.restarting = restarting;
		}

		@Override
		public boolean isReady() {
			return ReloaderRunner.this.build == null || ReloaderRunner.this.build.isIdle();
		}

		@Override
		public boolean handle(ChangeBatch batch) {
			synchronized (ReloaderRunner.this.monitor) {
				ReloaderRunner.this.lastBatch = new SeenBatch(Instant.now(), batch, this::displayName);
			}
			List<FileChange> sourceChanges = new ArrayList<>();
			List<FileChange> restartingChanges = new ArrayList<>();
			this.triggered |= ReloaderRunner.this.triggerFile == null;
			for (FileChange change : batch.getChanges()) {
				Path path = change.path();
				this.triggered |= path.equals(ReloaderRunner.this.triggerFile);
				if (isSource(path)) {
					if (!ReloaderRunner.this.sources.isExcluded(path)) {
						sourceChanges.add(change);
					}
				}
				else if (!this.restarting.isExcluded(path)) {
					restartingChanges.add(change);
				}
			}
			if (!sourceChanges.isEmpty()) {
				logger.debug("Sources changed: " + ChangeBatch.of(sourceChanges).describe(this::displayName));
				ReloaderRunner.this.build.request();
			}
			this.notRestarted.addAll(restartingChanges);
			ChangeBatch restart = (this.triggered && isBuilt()) ? this.notRestarted.build() : ChangeBatch.of(List.of());
			FilesChangedEvent event = new FilesChangedEvent(ReloaderRunner.this.reloader, batch, restart);
			ReloaderRunner.this.publisher.publishEvent(event);
			if (restart.isEmpty()) {
				if (logger.isDebugEnabled()) {
					logger.debug("Not restarting for " + batch.describe(this::displayName));
				}
				return true;
			}
			this.notRestarted = new ChangeBatch.Builder();
			this.triggered = false;
			if (event.isVetoed() || isVetoed(restart)) {
				logger.info("Restart vetoed for " + restart.describe(this::displayName));
				return true;
			}
			if (changesWiring(restart)) {
				SupervisorChannel.notifyStandbyStale();
			}
			return !restart(restart.describe(this::displayName), true);
		}

		/**
		 * Return whether the changes touch files that decide which classes Spring and the
		 * JDK load by name. A standby never reads them from the class directories, but
		 * one is not trusted after they changed.
		 */
		private boolean changesWiring(ChangeBatch changes) {
			for (FileChange change : changes.getChanges()) {
				String name = displayName(change.path()).replace('\\', '/');
				if (name.equals("META-INF/spring.factories") || name.startsWith("META-INF/services/")
						|| (name.startsWith("META-INF/spring/") && name.endsWith(".imports"))) {
					return true;
				}
			}
			return false;
		}

		private boolean isSource(Path path) {
			return ReloaderRunner.this.sources != null && ReloaderRunner.this.sources.contains(path)
					&& !this.restarting.contains(path);
		}

		private boolean isBuilt() {
			SourceBuild build = ReloaderRunner.this.build;
			return build == null || (build.isIdle() && !build.hasFailed());
		}

		private boolean isVetoed(ChangeBatch changes) {
			for (ReloadVeto veto : ReloaderRunner.this.vetoes) {
				if (veto.vetoes(changes)) {
					return true;
				}
			}
			return false;
		}

		private String displayName(Path path) {
			return isSource(path) ? ReloaderRunner.this.sources.displayName(path) : this.restarting.displayName(path);
		}

	}

}
