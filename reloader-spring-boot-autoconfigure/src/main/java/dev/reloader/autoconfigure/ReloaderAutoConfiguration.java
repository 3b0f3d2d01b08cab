package dev.reloader.autoconfigure;

import java.nio.file.Path;
import java.nio.file.Paths;

import dev.reloader.launch.ChildCommand;
import dev.reloader.launch.ParentWatch;
import dev.reloader.watch.Reloader;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the reloader in a child JVM: picks a {@link Reloader} for the
 * application's class path directories and starts the tick loop once the application has
 * started.
 *
 * @author Reloader contributors
 */
@AutoConfiguration
@ConditionalOnReloaderChild
@ConditionalOnProperty(prefix = "reloader", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReloaderProperties.class)
public final class ReloaderAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ReloaderAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	static class WatchConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WatchSet reloaderWatchSet(ReloaderProperties properties) {
			Path workingDirectory = Paths.get(System.getProperty("user.dir"));
			return ClassPathWatchSet.create(properties, ChildCommand.classPathOfCurrentJvm(), workingDirectory);
		}

		@Bean
		@ConditionalOnMissingBean
		ReloaderSelector reloaderSelector(ReloaderProperties properties) {
			return new ReloaderSelector(properties.getType(), properties.getPollInterval(),
					properties.getWatchman().getTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		Reloader reloader(ReloaderSelector reloaderSelector, WatchSet reloaderWatchSet) {
			ReloaderSelector.Selection selection = reloaderSelector.select(reloaderWatchSet);
			logger.info("Using " + selection.reloader().getName() + ": " + selection.reason());
			return selection.reloader();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RunnerConfiguration {

		@Bean
		ReloaderRunner reloaderRunner(Reloader reloader, WatchSet reloaderWatchSet, ReloaderProperties properties,
				ApplicationEventPublisher publisher, ObjectProvider<ReloadVeto> vetoes) {
			ParentWatch.whenSupervisorExits(() -> System.exit(1));
			return new ReloaderRunner(reloader, reloaderWatchSet, properties, publisher,
					vetoes.orderedStream().toList(), ReloadTrigger.EXIT);
		}

	}

}
