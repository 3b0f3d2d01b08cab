package dev.reloader.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.FileChange;
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

	private final ReloaderSelector selector;

	private final WatchSet watchSet;

	private final ReloaderProperties properties;

	private final ApplicationEventPublisher publisher;

	private final List<ReloadVeto> vetoes;

	private final ReloadTrigger trigger;

	private final Path triggerFile;

	private final WatchSet sources;

	private final SourceBuild build;

	private final Object monitor = new Object();

	private Thread thread;

	private ReloadLoop loop;

	private Reloader reloader;

	ReloaderRunner(ReloaderSelector selector, WatchSet watchSet, ReloaderProperties properties, Path workingDirectory,
			ApplicationEventPublisher publisher, List<ReloadVeto> vetoes, ReloadTrigger trigger) {
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
			this.reloader.start();
			logger.info("Watching for file changes with " + this.reloader.getName() + " ("
					+ this.reloader.describe() + ")");
			QuietPeriod quietPeriod = new QuietPeriod(this.properties.getQuietPeriod(),
					this.properties.getDeletionQuietPeriod());
			this.loop = new ReloadLoop(this.reloader, quietPeriod, decision);
			this.thread = new Thread(this.loop, "reloader");
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	@Override
	public void destroy() throws IOException {
		Reloader started;
		synchronized (this.monitor) {
			if (this.loop != null) {
				this.loop.stop();
			}
			if (this.thread != null && this.thread != Thread.currentThread()) {
				this.thread.interrupt();
			}
			started = this.reloader;
		}
		if (this.build != null) {
			this.build.stop();
		}
		if (started != null) {
			started.close();
		}
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
			logger.info("Reloading: " + restart.describe(this::displayName));
			ReloaderRunner.this.trigger.restart();
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
