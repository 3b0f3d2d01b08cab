package dev.reloader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds a test application's child at a point of its start: an application runner ahead
 * of the reloader's (so after the web server answers, before the reloader watches) reads
 * a named pipe while it exists, and so waits until the test writes to it.
 *
 * @author Reloader contributors
 */
final class HeldStart {

	/**
	 * The class name of the runner in the test applications.
	 */
	static final String RUNNER = "com.example.reload.Hold";

	private HeldStart() {
	}

	/**
	 * Return the source of the runner, which reads the pipe named by the
	 * {@code hold-file} property.
	 * @return the source
	 */
	static String runner() {
		return """
				package com.example.reload;

				import java.io.IOException;
				import java.nio.file.Files;
				import java.nio.file.Path;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.boot.ApplicationArguments;
				import org.springframework.boot.ApplicationRunner;
				import org.springframework.core.Ordered;
				import org.springframework.core.annotation.Order;
				import org.springframework.stereotype.Component;

				@Component
				@Order(Ordered.HIGHEST_PRECEDENCE)
				class Hold implements ApplicationRunner {

					private final Path hold;

					Hold(@Value("${hold-file}") String hold) {
						this.hold = Path.of(hold);
					}

					@Override
					public void run(ApplicationArguments args) throws IOException {
						if (Files.exists(this.hold)) {
							// A named pipe: reading it waits for the test to write
							Files.readAllBytes(this.hold);
						}
					}

				}
				""";
	}

	/**
	 * Make the next child that starts wait at the runner until {@link #release(Path)}.
	 * @param pipe the pipe, named by the {@code hold-file} property
	 * @throws Exception if the pipe cannot be made
	 */
	static void holdNextChild(Path pipe) throws Exception {
		assertThat(new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor()).isZero();
	}

	/**
	 * Let the held child go on, and remove the pipe so that later children do not wait.
	 * @param pipe the pipe
	 */
	static void release(Path pipe) {
		CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
			try {
				Files.writeString(pipe, "go");
				Files.delete(pipe);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		Awaitility.await().atMost(Duration.ofSeconds(90)).until(release::isDone);
		assertThat(release).isCompleted();
	}

}
