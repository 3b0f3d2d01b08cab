package dev.reloader.launch.standby;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.reloader.launch.TestJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StandbyWarmup}.
 *
 * @author Reloader contributors
 */
class StandbyWarmupTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ScanningConfiguration.class);

	@Test
	void warmupControllerStaysOutOfAnApplicationWhoseComponentScanReachesIt() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(StandbyWarmup.WarmupController.class));
	}

	@Test
	void warmupApplicationStaysOutOfAnApplicationWhoseComponentScanReachesIt() {
		this.runner.withUserConfiguration(ScanningEverythingConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(StandbyWarmup.WarmupConfiguration.class)
				.doesNotHaveBean(StandbyWarmup.WarmupController.class));
	}

	@Test
	void warmupControllerIsRegisteredInTheWarmup() {
		this.runner.withPropertyValues(StandbyWarmup.WARMUP_PROPERTY + "=true")
			.run((context) -> assertThat(context).hasSingleBean(StandbyWarmup.WarmupController.class));
	}

	@Test
	void roundGivesUpAtItsNextStepOnceAbandonedAndLeavesNothingRunning(@TempDir Path directory) throws Exception {
		TestJvm rounds = TestJvm.start(directory, Files.createDirectory(directory.resolve("classes")), List.of(),
				WarmupRoundsMain.class.getName());
		assertThat(rounds.awaitExit()).as(rounds.output()).isZero();
		// A whole round checks at every step: each resource it reads, event, bean. A round
		// abandoned checks once when it gives up and once more to tell why it failed, and
		// stops the web server it had started
		assertThat(rounds.output()).containsPattern("whole round: completed=true checks=[1-9][0-9]{2,}")
			.containsPattern("round abandoned halfway: completed=false checks=[0-9]+ checks-after-abandoning=2 "
					+ "threads-when-abandoned=\\[\\] threads-left=\\[\\]")
			.containsPattern("round abandoned with a server: completed=false checks=[0-9]+ checks-after-abandoning=2 "
					+ "threads-when-abandoned=\\[container-0\\] threads-left=\\[\\]")
			.contains("round after: completed=true threads-left=[]");
	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = StandbyWarmup.class, useDefaultFilters = false,
			includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
					classes = StandbyWarmup.WarmupController.class))
	static class ScanningConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = StandbyWarmup.class, useDefaultFilters = false,
			includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
					classes = StandbyWarmup.WarmupConfiguration.class))
	static class ScanningEverythingConfiguration {

	}

}
