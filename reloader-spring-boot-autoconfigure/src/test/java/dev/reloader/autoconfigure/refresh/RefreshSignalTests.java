package dev.reloader.autoconfigure.refresh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.reloader.autoconfigure.FilesChangedEvent;
import dev.reloader.watch.ChangeBatch;
import dev.reloader.watch.ChangeType;
import dev.reloader.watch.FileChange;
import org.junit.jupiter.api.Test;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefreshSignal}.
 *
 * @author Reloader contributors
 */
class RefreshSignalTests {

	private final RefreshSignal signal = new RefreshSignal();

	private final List<String> received = new ArrayList<>();

	@Test
	void templateEditThatRestartsNothingReloadsOpenPages() {
		this.signal.add(stream("page"));
		this.signal.onApplicationEvent(event(batch("templates/index.html"), batch()));
		assertThat(this.received).containsExactly("page reload");
	}

	@Test
	void batchThatRestartsSendsNothingSinceTheRestartDropsTheStreams() {
		this.signal.add(stream("page"));
		ChangeBatch changes = batch("com/example/Greeting.class", "static/app.css");
		this.signal.onApplicationEvent(event(changes, batch("com/example/Greeting.class")));
		assertThat(this.received).isEmpty();
	}

	@Test
	void vetoedRestartReloadsOpenPages() {
		this.signal.add(stream("page"));
		FilesChangedEvent event = event(batch("static/app.css", "application.properties"),
				batch("application.properties"));
		event.veto();
		this.signal.onApplicationEvent(event);
		assertThat(this.received).containsExactly("page reload");
	}

	@Test
	void codeWaitingForABuildReloadsNothing() {
		this.signal.add(stream("page"));
		this.signal.onApplicationEvent(event(batch("com/example/Greeting.class", "src/main/java/Greeting.java"), batch()));
		assertThat(this.received).isEmpty();
	}

	@Test
	void closingTheApplicationEndsOpenStreamsAndRefusesNewOnes() {
		this.signal.add(stream("first"));
		this.signal.add(stream("second"));
		this.signal.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));
		assertThat(this.received).containsExactly("first close", "second close");
		assertThat(this.signal.add(stream("late"))).isFalse();
		assertThat(this.signal.isClosed()).isTrue();
		assertThat(this.signal.size()).isZero();
	}

	@Test
	void removedStreamGetsNothing() {
		RefreshSignal.Stream stream = stream("gone");
		this.signal.add(stream);
		this.signal.remove(stream);
		this.signal.reload();
		assertThat(this.received).isEmpty();
	}

	private RefreshSignal.Stream stream(String name) {
		return new RefreshSignal.Stream() {

			@Override
			public void reload() {
				RefreshSignalTests.this.received.add(name + " reload");
			}

			@Override
			public void close() {
				RefreshSignalTests.this.received.add(name + " close");
			}

		};
	}

	private static FilesChangedEvent event(ChangeBatch changes, ChangeBatch restarting) {
		return new FilesChangedEvent(new Object(), changes, restarting);
	}

	private static ChangeBatch batch(String... paths) {
		List<FileChange> changes = new ArrayList<>();
		for (String path : paths) {
			changes.add(new FileChange(Path.of("/app/classes").resolve(path), ChangeType.MODIFIED));
		}
		return ChangeBatch.of(changes);
	}

}
