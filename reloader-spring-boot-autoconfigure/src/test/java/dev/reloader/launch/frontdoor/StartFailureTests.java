package dev.reloader.launch.frontdoor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link StartFailure}'s hand-over file.
 *
 * @author Reloader contributors
 */
class StartFailureTests {

	@TempDir
	Path directory;

	@Test
	void failureWrittenByTheChildIsReadOnceByTheSupervisor() throws Exception {
		StartFailure failure = new StartFailure("Line one\nline \"two\" <b>", "Do this\n\tthen that", null);
		failure.writeTo(StartFailure.file(this.directory, 42));
		assertThat(StartFailure.read(this.directory, 42, 1)).isEqualTo(failure);
		assertThat(StartFailure.file(this.directory, 42)).doesNotExist();
	}

	@Test
	void childThatHandedNothingOverIsDescribedByItsExitCode() {
		assertThat(StartFailure.read(this.directory, 42, 7).description()).contains("exited with code 7");
		assertThat(StartFailure.read(null, 42, 7).description()).contains("exited with code 7");
	}

	@Test
	void exceptionIsDescribedByItsMostSpecificCauseAndTheFirstLinesOfItsStackTrace() {
		StartFailure failure = StartFailure.of(new IllegalStateException("outer", new IllegalArgumentException("inner")));
		assertThat(failure.description()).isEqualTo("java.lang.IllegalArgumentException: inner");
		assertThat(failure.action()).isNull();
		assertThat(failure.details()).startsWith("java.lang.IllegalArgumentException: inner\n\tat ");
		assertThat(failure.details().lines()).hasSizeLessThanOrEqualTo(12);
	}

}
