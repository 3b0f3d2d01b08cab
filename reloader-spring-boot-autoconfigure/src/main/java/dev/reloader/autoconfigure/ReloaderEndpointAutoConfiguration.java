package dev.reloader.autoconfigure;

import dev.reloader.launch.LastRestart;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ReloaderEndpoint}, where Actuator is on the class path
 * and the reloader runs; exposed and accessible by Spring Boot's usual rules
 * ({@code management.endpoints.web.exposure.include}, {@code management.endpoint.reloader.access}).
 *
 * @author Reloader contributors
 */
@AutoConfiguration(after = ReloaderAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ReloaderRunner.class)
public final class ReloaderEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ReloaderEndpoint reloaderEndpoint(ReloaderRunner reloaderRunner) {
		return new ReloaderEndpoint(reloaderRunner, LastRestart.current());
	}

}
