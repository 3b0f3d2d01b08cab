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
	void eachWaitHasItsPeriod() {
		QuietPeriod period = new QuietPeriod(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofMillis(50));
		period.changed(0, QuietPeriod.Wait.SHORT);
		assertThat(period.isShort()).isTrue();
		assertThat(period.remaining(0, Duration.ZERO)).isEqualTo(Duration.ofMillis(50));
		period.changed(0, QuietPeriod.Wait.FULL);
		assertThat(period.isShort()).isFalse();
		assertThat(period.remaining(0, Duration.ZERO)).isEqualTo(Duration.ofMillis(300));
		period.changed(0, QuietPeriod.Wait.DELETIONS);
		assertThat(period.remaining(0, Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void shortenedPeriodCountsFromTheLastChangeUntilTheNextOne() {
		QuietPeriod period = new QuietPeriod(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofMillis(50));
		period.changed(100 * MS, QuietPeriod.Wait.FULL);
		period.shorten();
		assertThat(period.isOver(149 * MS)).isFalse();
		assertThat(period.isOver(150 * MS)).isTrue();
		period.changed(200 * MS, QuietPeriod.Wait.FULL);
		assertThat(period.isOver(250 * MS)).isFalse();
		assertThat(period.isOver(500 * MS)).isTrue();
	}

	@Test
	void shortPeriodIsNeverLongerThanTheQuietPeriod() {
		QuietPeriod period = new QuietPeriod(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMillis(500));
		assertThat(period.getShortQuietPeriod()).isEqualTo(Duration.ofMillis(100));
		assertThat(new QuietPeriod(Duration.ofMillis(100)).getShortQuietPeriod()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void negativePeriodIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QuietPeriod(Duration.ofMillis(-1)))
			.withMessageContaining("'quietPeriod' must not be negative");
	}

}
