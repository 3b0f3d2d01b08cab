package dev.reloader.autoconfigure.refresh;

import java.util.EnumSet;

import dev.reloader.autoconfigure.ConditionalOnReloaderChild;
import dev.reloader.autoconfigure.ReloaderAutoConfiguration;
import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of pages that refresh themselves, in a child JVM of the reloader
 * that serves a web application: HTML responses get a script, served from the
 * application's own origin under {@code /.reloader/}, that listens to an event stream of
 * the application. A template or static file edit sends an event on the stream; a restart
 * drops it, and the script reloads the page once the next application answers.
 *
 * @author Reloader contributors
 */
@AutoConfiguration(after = ReloaderAutoConfiguration.class)
@ConditionalOnReloaderChild
@ConditionalOnProperty(prefix = "reloader", name = "enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "reloader.browser-refresh.enabled", matchIfMissing = true)
@ConditionalOnWebApplication
public final class BrowserRefreshAutoConfiguration {

	private static final Log logger = LogFactory.getLog(BrowserRefreshAutoConfiguration.class);

	@Bean
	RefreshSignal reloaderRefreshSignal() {
		return new RefreshSignal();
	}

	/**
	 * Log, once, that pages refresh themselves and where the script is.
	 * @param contextPath the application's context path ({@code ""} for none)
	 */
	static void logStart(String contextPath) {
		logger.info("Pages refresh themselves after each restart and template or static file edit: HTML pages load "
				+ contextPath + RefreshScript.SCRIPT_PATH + ", which listens to " + contextPath
				+ RefreshScript.EVENTS_PATH + " (reloader.browser-refresh.enabled=false turns this off)");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(name = { "jakarta.servlet.Filter",
			"org.springframework.boot.web.servlet.FilterRegistrationBean" })
	static class ServletConfiguration {

		@Bean
		FilterRegistrationBean<ServletRefreshFilter> reloaderRefreshFilter(RefreshSignal reloaderRefreshSignal) {
			FilterRegistrationBean<ServletRefreshFilter> registration = new FilterRegistrationBean<>(
					new ServletRefreshFilter(reloaderRefreshSignal));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR));
			registration.setAsyncSupported(true);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter", "reactor.core.publisher.Flux" })
	static class ReactiveConfiguration {

		@Bean
		ReactiveRefreshFilter reloaderRefreshFilter(RefreshSignal reloaderRefreshSignal, Environment environment) {
			logStart(environment.getProperty("spring.webflux.base-path", ""));
			return new ReactiveRefreshFilter(reloaderRefreshSignal);
		}

	}

}
