package dev.reloader.autoconfigure;

import java.nio.file.Path;
import java.nio.file.Paths;

import dev.reloader.launch.ChildCommand;
import dev.reloader.launch.ChildExit;
import dev.reloader.launch.Supervisor;
import dev.reloader.launch.standby.SupervisorChannel;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.WatchSet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the reloader in a child JVM: watches the application's class path
 * directories and starts the tick loop, with the {@link ReloaderSelector}'s choice of
 * reloader, once the application has started.
 *
 * @author Reloader contributors
 */
@AutoConfiguration
@ConditionalOnReloaderChild
@ConditionalOnProperty(prefix = "reloader", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReloaderProperties.class)
public final class ReloaderAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	static class WatchConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WatchSet reloaderWatchSet(ReloaderProperties properties) {
			return ClassPathWatchSet.create(properties, ChildCommand.classPathOfCurrentJvm(), workingDirectory());
		}

		@Bean
		@ConditionalOnMissingBean
		ReloaderSelector reloaderSelector(ReloaderProperties properties) {
			return new ReloaderSelector(properties.getType(), properties.getPollInterval(),
					properties.getWatchman().getTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopeConfiguration {

		@Bean
		static RestartScopeRegistrar reloaderRestartScopeRegistrar() {
			return new RestartScopeRegistrar();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RunnerConfiguration {

		@Bean
		static ApplicationListener<ApplicationReadyEvent> reloaderReadyNotifier() {
			return (event) -> SupervisorChannel
				.notifyReady(FrontDoorSetup.privatePorts(event.getApplicationContext().getEnvironment()));
		}

		@Bean
		ReloaderRunner reloaderRunner(ReloaderSelector reloaderSelector, WatchSet reloaderWatchSet,
				ReloaderProperties properties, ApplicationEventPublisher publisher,
				ObjectProvider<ReloadVeto> vetoes) {
			ReloadTrigger trigger = () -> ChildExit.exit(Supervisor.RESTART_EXIT_CODE, properties.getShutdownTimeout());
			return new ReloaderRunner(reloaderSelector, reloaderWatchSet, properties, workingDirectory(), publisher,
					vetoes.orderedStream().toList(), trigger);
		}

	}

	private static Path workingDirectory() {
		return Paths.get(System.getProperty("user.dir"));
	}

}
