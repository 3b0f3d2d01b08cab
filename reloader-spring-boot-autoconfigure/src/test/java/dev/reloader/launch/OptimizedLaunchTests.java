package dev.reloader.launch;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OptimizedLaunch}.
 *
 * @author Reloader contributors
 */
class OptimizedLaunchTests {

	@Test
	void addsC1OnlyOption() {
		assertThat(OptimizedLaunch.apply(List.of("-Xmx512m"))).containsExactly("-Xmx512m", "-XX:TieredStopAtLevel=1");
	}

	@Test
	void keepsJitOptionsOfTheUser() {
		assertThat(OptimizedLaunch.apply(List.of("-XX:TieredStopAtLevel=4"))).containsExactly("-XX:TieredStopAtLevel=4");
		assertThat(OptimizedLaunch.apply(List.of("-XX:-TieredCompilation"))).containsExactly("-XX:-TieredCompilation");
		assertThat(OptimizedLaunch.apply(List.of("-Xint"))).containsExactly("-Xint");
	}

}
