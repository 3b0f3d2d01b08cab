package dev.reloader.watch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link QuietPeriod}, stepped with explicit times.
 *
 * @author Reloader contributors
 */
class QuietPeriodTests {

	private static final long MS = 1_000_000L;

	private final QuietPeriod quietPeriod = new QuietPeriod(Duration.ofMillis(100));

	@Test
	void nothingPendingIsNeverOver() {
		assertThat(this.quietPeriod.isOver(1_000 * MS)).isFalse();
		assertThat(this.quietPeriod.remaining(0, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void periodEndsAfterTheLastChange() {
		this.quietPeriod.changed(0);
		assertThat(this.quietPeriod.isOver(99 * MS)).isFalse();
		this.quietPeriod.changed(90 * MS);
		assertThat(this.quietPeriod.isOver(150 * MS)).isFalse();
		assertThat(this.quietPeriod.remaining(150 * MS, Duration.ofSeconds(7))).isEqualTo(Duration.ofMillis(40));
		assertThat(this.quietPeriod.isOver(190 * MS)).isTrue();
	}

	@Test
	void resetClearsPending() {
		this.quietPeriod.changed(0);
		this.quietPeriod.reset();
		assertThat(this.quietPeriod.isPending()).isFalse();
		assertThat(this.quietPeriod.isOver(500 * MS)).isFalse();
	}

	@Test
	void negativePeriodIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QuietPeriod(Duration.ofMillis(-1)))
			.withMessageContaining("'quietPeriod' must not be negative");
	}

}
