package library.config;

import java.time.Clock;

import library.loans.LoanPolicy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's own beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoanPolicy.class)
public class LibraryConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemDefaultZone();
	}

}
