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
	void addsC1OnlyJitTheSerialCollectorAndASmallInitialHeap() {
		assertThat(OptimizedLaunch.apply(List.of("-Dexample=true"))).containsExactly("-Dexample=true",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms32m");
	}

	@Test
	void keepsJitOptionsOfTheUser() {
		assertThat(OptimizedLaunch.apply(List.of("-XX:TieredStopAtLevel=4"))).containsExactly("-XX:TieredStopAtLevel=4",
				"-XX:+UseSerialGC", "-Xms32m");
		assertThat(OptimizedLaunch.apply(List.of("-XX:-TieredCompilation"))).containsExactly("-XX:-TieredCompilation",
				"-XX:+UseSerialGC", "-Xms32m");
		assertThat(OptimizedLaunch.apply(List.of("-Xint"))).containsExactly("-Xint", "-XX:+UseSerialGC", "-Xms32m");
	}

	@Test
	void keepsTheCollectorOfTheUser() {
		assertThat(OptimizedLaunch.apply(List.of("-XX:+UseG1GC"))).containsExactly("-XX:+UseG1GC",
				"-XX:TieredStopAtLevel=1", "-Xms32m");
		assertThat(OptimizedLaunch.apply(List.of("-XX:+UseZGC", "-XX:+ZGenerational")))
			.containsExactly("-XX:+UseZGC", "-XX:+ZGenerational", "-XX:TieredStopAtLevel=1", "-Xms32m");
		assertThat(OptimizedLaunch.apply(List.of("-XX:-UseSerialGC"))).doesNotContain("-XX:+UseSerialGC");
	}

	@Test
	void keepsTheHeapSizeOfTheUser() {
		assertThat(OptimizedLaunch.apply(List.of("-Xmx24m"))).containsExactly("-Xmx24m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC");
		assertThat(OptimizedLaunch.apply(List.of("-Xms1g"))).doesNotContain("-Xms32m");
		assertThat(OptimizedLaunch.apply(List.of("-Xmn64m"))).doesNotContain("-Xms32m");
		assertThat(OptimizedLaunch.apply(List.of("-XX:MaxRAMPercentage=50"))).doesNotContain("-Xms32m");
		assertThat(OptimizedLaunch.apply(List.of("-XX:InitialHeapSize=64m"))).doesNotContain("-Xms32m");
	}

	@Test
	void keepsEverythingTheUserChose() {
		List<String> chosen = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC", "-Xmx2g");
		assertThat(OptimizedLaunch.apply(chosen)).isEqualTo(chosen);
	}

}
