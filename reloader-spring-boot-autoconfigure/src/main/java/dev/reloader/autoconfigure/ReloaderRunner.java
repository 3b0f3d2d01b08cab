package dev.reloader.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.FileChange;
import dev.reloader.watch.ReloadLoop;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Starts watching for file changes once the application has started, on a daemon thread,
 * and restarts the application when a batch of changes calls for it.
 *
 * @author Reloader contributors
 */
class ReloaderRunner implements ApplicationRunner, DisposableBean {

	private static final Log logger = LogFactory.getLog(ReloaderRunner.class);

	private final Reloader reloader;

	private final WatchSet watchSet;

	private final ReloaderProperties properties;

	private final ApplicationEventPublisher publisher;

	private final List<ReloadVeto> vetoes;

	private final ReloadTrigger trigger;

	private final Object monitor = new Object();

	private Thread thread;

	private ReloadLoop loop;

	ReloaderRunner(Reloader reloader, WatchSet watchSet, ReloaderProperties properties,
			ApplicationEventPublisher publisher, List<ReloadVeto> vetoes, ReloadTrigger trigger) {
		this.reloader = reloader;
		this.watchSet = watchSet;
		this.properties = properties;
		this.publisher = publisher;
		this.vetoes = List.copyOf(vetoes);
		this.trigger = trigger;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		synchronized (this.monitor) {
			if (this.thread != null) {
				return;
			}
			this.reloader.start();
			logger.info("Watching for file changes with " + this.reloader.getName() + " ("
					+ this.reloader.describe() + ")");
			this.publisher.publishEvent(new ReloaderStartedEvent(this.reloader, this.watchSet));
			this.loop = new ReloadLoop(this.reloader, this.properties.getQuietPeriod(), this::handle);
			this.thread = new Thread(this.loop, "reloader");
			this.thread.setDaemon(true);
			this.thread.start();
		}
	}

	/**
	 * Decide what a batch of changes means: publish it, let listeners and vetoes have
	 * their say, and restart if a change that is not excluded remains.
	 * @param batch the changes
	 * @return whether to go on watching
	 */
	boolean handle(ChangeBatch batch) {
		List<FileChange> restarting = new ArrayList<>();
		for (FileChange change : batch.getChanges()) {
			if (!this.watchSet.isExcluded(change.path())) {
				restarting.add(change);
			}
		}
		ChangeBatch restartingChanges = ChangeBatch.of(restarting);
		FilesChangedEvent event = new FilesChangedEvent(this.reloader, batch, restartingChanges);
		this.publisher.publishEvent(event);
		if (restartingChanges.isEmpty()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Not restarting for excluded changes: " + batch.describe(this.watchSet::displayName));
			}
			return true;
		}
		if (event.isVetoed() || isVetoed(restartingChanges)) {
			logger.info("Restart vetoed for " + restartingChanges.describe(this.watchSet::displayName));
			return true;
		}
		logger.info("Reloading: " + restartingChanges.describe(this.watchSet::displayName));
		this.trigger.restart();
		return false;
	}

	private boolean isVetoed(ChangeBatch changes) {
		for (ReloadVeto veto : this.vetoes) {
			if (veto.vetoes(changes)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void destroy() throws IOException {
		synchronized (this.monitor) {
			if (this.loop != null) {
				this.loop.stop();
			}
			if (this.thread != null && this.thread != Thread.currentThread()) {
				this.thread.interrupt();
			}
		}
		this.reloader.close();
	}

}
