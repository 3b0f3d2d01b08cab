package dev.reloader.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DevelopmentDefaults}.
 *
 * @author Reloader contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentDefaultsTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void defaultsTurnTemplateCachesOffServeStaticResourcesUncachedAndShowErrorDetails() {
		assertThat(apply()).isTrue();
		Binder binder = binder();
		assertThat(binder.bind("spring.thymeleaf.cache", Boolean.class).get()).isFalse();
		assertThat(binder.bind("spring.freemarker.cache", Boolean.class).get()).isFalse();
		assertThat(binder.bind("spring.groovy.template.cache", Boolean.class).get()).isFalse();
		assertThat(binder.bind("spring.mustache.servlet.cache", Boolean.class).get()).isFalse();
		assertThat(binder.bind("spring.web.resources.cache.period", Duration.class).get()).isZero();
		assertThat(binder.bind("spring.web.resources.chain.cache", Boolean.class).get()).isFalse();
		assertThat(binder.bind("spring.reactor.netty.shutdown-quiet-period", Duration.class).get()).isZero();
		assertThat(binder.bind("spring.web.error.include-stacktrace", String.class).get()).isEqualTo("always");
		assertThat(binder.bind("spring.web.error.include-message", String.class).get()).isEqualTo("always");
		assertThat(binder.bind("spring.web.error.include-binding-errors", String.class).get()).isEqualTo("always");
	}

	@Test
	void defaultsAreTheLastPropertySource() {
		this.environment.getPropertySources().addLast(new MapPropertySource("application", Map.of()));
		apply();
		assertThat(this.environment.getPropertySources().stream().reduce((first, second) -> second).get().getName())
			.isEqualTo(DevelopmentDefaults.PROPERTY_SOURCE_NAME);
	}

	@Test
	void valuesOfTheApplicationFromAnyPropertySourceWin() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml", Map.of("spring.thymeleaf.cache", "true")));
		this.environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("environment",
					Map.of("SPRING_WEB_RESOURCES_CACHE_PERIOD", "1h")));
		apply();
		// As a @PropertySource does when the context refreshes, after the defaults
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("class path resource [late.properties]",
					Map.of("spring.web.resources.chain.cache", "true")));
		Binder binder = binder();
		assertThat(binder.bind("spring.thymeleaf.cache", Boolean.class).get()).isTrue();
		assertThat(binder.bind("spring.web.resources.chain.cache", Boolean.class).get()).isTrue();
		assertThat(this.environment.getProperty("spring.web.resources.chain.cache")).isEqualTo("true");
		assertThat(binder.bind("spring.web.resources.cache.period", Duration.class).get())
			.isEqualTo(Duration.ofHours(1));
		assertThat(binder.bind("spring.freemarker.cache", Boolean.class).get()).isFalse();
	}

	@Test
	void defaultPropertiesOfTheSpringApplicationWin() {
		SpringApplication application = new SpringApplication(Object.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.reactor.netty.shutdown-quiet-period", "5s"));
		application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) (event) -> DevelopmentDefaults
			.apply(event.getEnvironment(), true, false, this.classLoader));
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off")) {
			Binder binder = Binder.get(context.getEnvironment());
			assertThat(binder.bind("spring.reactor.netty.shutdown-quiet-period", Duration.class).get())
				.isEqualTo(Duration.ofSeconds(5));
			assertThat(binder.bind("spring.thymeleaf.cache", Boolean.class).get()).isFalse();
		}
	}

	@Test
	void turnedOffAddsNothing(CapturedOutput output) {
		assertThat(DevelopmentDefaults.apply(this.environment, false, false, this.classLoader)).isFalse();
		assertThat(this.environment.getPropertySources().contains(DevelopmentDefaults.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(this.environment.getProperty("spring.thymeleaf.cache")).isNull();
		assertThat(output).doesNotContain("Development defaults applied");
	}

	@Test
	void withDevtoolsOnTheClassPathAddsNothingSinceDevtoolsAddsItsOwn(CapturedOutput output) {
		assertThat(DevelopmentDefaults.apply(this.environment, true, true, this.classLoader)).isFalse();
		assertThat(this.environment.getPropertySources().contains(DevelopmentDefaults.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(output).doesNotContain("Development defaults applied");
	}

	@Test
	void oneInfoLineSaysTheDefaultsAreAppliedAndHowToTurnThemOff(CapturedOutput output) {
		apply();
		apply();
		assertThat(output.getOut().lines().filter((line) -> line.contains("Development defaults applied")))
			.singleElement()
			.asString()
			.contains("INFO")
			.contains("reloader.dev-defaults.enabled=false");
	}

	@Test
	void debugLoggingListsEachPropertyAndWhichTheApplicationSets(CapturedOutput output) {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml", Map.of("spring.thymeleaf.cache", "true")));
		LoggingSystem logging = LoggingSystem.get(this.classLoader);
		logging.setLogLevel(DevelopmentDefaults.class.getName(), LogLevel.DEBUG);
		try {
			apply();
		}
		finally {
			logging.setLogLevel(DevelopmentDefaults.class.getName(), null);
		}
		assertThat(output).contains("Development default spring.thymeleaf.cache=false not used: application.yml sets it")
			.contains("Development default spring.web.resources.cache.period=0\n".translateEscapes())
			.contains("Development default spring.reactor.netty.shutdown-quiet-period=0s");
	}

	@Test
	void defaultsUseTheErrorPropertiesOfTheSpringBootVersionOnTheClassPath() {
		assertThat(DevelopmentDefaults.properties(this.classLoader)).containsKey("spring.web.error.include-stacktrace")
			.doesNotContainKey("server.error.include-stacktrace");
	}

	private boolean apply() {
		return DevelopmentDefaults.apply(this.environment, true, false, this.classLoader);
	}

	private Binder binder() {
		ConfigurationPropertySources.attach(this.environment);
		return Binder.get(this.environment);
	}

}
