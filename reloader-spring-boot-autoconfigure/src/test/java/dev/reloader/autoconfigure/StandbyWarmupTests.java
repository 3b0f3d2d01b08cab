package dev.reloader.autoconfigure;

import org.junit.jupiter.api.Test;

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
