package dev.reloader.autoconfigure.refresh;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.reloader.autoconfigure.FilesChangedEvent;
import dev.reloader.watch.FileChange;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;

/**
 * Tells the open event streams of the pages when to reload: after a batch of changes
 * that does not restart the application (a template or static file), and by closing them
 * when the application closes, so that the pages reconnect to the next one.
 *
 * @author Reloader contributors
 */
class RefreshSignal implements SmartApplicationListener {

	private static final List<String> CODE_SUFFIXES = List.of(".class", ".java", ".kt", ".groovy");

	private final Object monitor = new Object();

	private final Set<Stream> streams = new LinkedHashSet<>();

	private boolean closed;

	/**
	 * Add an open event stream.
	 * @param stream the stream
	 * @return {@code false} if the application is closing and the stream should end now
	 */
	boolean add(Stream stream) {
		synchronized (this.monitor) {
			if (this.closed) {
				return false;
			}
			this.streams.add(stream);
			return true;
		}
	}

	/**
	 * Remove a stream that has ended.
	 * @param stream the stream
	 */
	void remove(Stream stream) {
		synchronized (this.monitor) {
			this.streams.remove(stream);
		}
	}

	/**
	 * Tell every open stream to reload its page.
	 */
	void reload() {
		for (Stream stream : openStreams()) {
			stream.reload();
		}
	}

	/**
	 * End every open stream and refuse new ones: the application is closing.
	 */
	void close() {
		List<Stream> open;
		synchronized (this.monitor) {
			this.closed = true;
			open = new ArrayList<>(this.streams);
			this.streams.clear();
		}
		for (Stream stream : open) {
			stream.close();
		}
	}

	boolean isClosed() {
		synchronized (this.monitor) {
			return this.closed;
		}
	}

	int size() {
		synchronized (this.monitor) {
			return this.streams.size();
		}
	}

	private List<Stream> openStreams() {
		synchronized (this.monitor) {
			return new ArrayList<>(this.streams);
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return FilesChangedEvent.class.isAssignableFrom(eventType) || ContextClosedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof FilesChangedEvent changed) {
			if (refreshesPages(changed)) {
				reload();
			}
		}
		else if (event instanceof ContextClosedEvent) {
			close();
		}
	}

	/**
	 * Run after other listeners, so that their veto is seen.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Return whether a batch should reload the pages now: it does not restart the
	 * application (a restart drops the streams instead) and changes a file that the
	 * application serves or renders as it is, not code that waits for a build.
	 * @param event the batch
	 * @return whether to reload the pages
	 */
	static boolean refreshesPages(FilesChangedEvent event) {
		if (event.isRestartPending() && !event.isVetoed()) {
			return false;
		}
		for (FileChange change : event.getChanges().getChanges()) {
			String name = change.path().getFileName().toString().toLowerCase(Locale.ROOT);
			if (CODE_SUFFIXES.stream().noneMatch(name::endsWith)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One page's open event stream.
	 */
	interface Stream {

		/**
		 * Send the reload event.
		 */
		void reload();

		/**
		 * End the stream.
		 */
		void close();

	}

}
