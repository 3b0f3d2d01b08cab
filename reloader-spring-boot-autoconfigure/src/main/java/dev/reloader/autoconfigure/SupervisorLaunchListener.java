package dev.reloader.autoconfigure;

import java.util.List;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Turns the launched JVM into the supervisor one step earlier than the
 * {@link ReloaderLaunchListener} would on its own: right before logging is initialized,
 * it initializes logging itself, with the application's own
 * {@link LoggingApplicationListener}, and hands the event to the application's
 * {@link ReloaderLaunchListener}, which then never returns.
 * <p>
 * The listeners that come between them are left out of the supervisor. Among Spring
 * Boot's own, that is its background preinitialization, which shares the
 * {@link ReloaderLaunchListener}'s order and, when its jar comes first on the class path,
 * runs first: it loads Jakarta Validation, Jackson, the message converters and the
 * embedded server's classes, none of which the supervisor uses, and which would stay in
 * its memory for as long as it runs, since they belong to the application class loader.
 * <p>
 * In a child, where the reloader is off, or where this JVM is not the one that decides
 * (a standby's warm-up or rehearsal), it does nothing, and every listener runs as usual.
 *
 * @author Reloader contributors
 */
class SupervisorLaunchListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER - 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		List<ApplicationListener<?>> listeners = List.copyOf(event.getSpringApplication().getListeners());
		ReloaderLaunchListener launch = listeners.stream()
			.filter(ReloaderLaunchListener.class::isInstance)
			.map(ReloaderLaunchListener.class::cast)
			.findFirst()
			.orElse(null);
		if (launch == null || !ReloaderLaunchListener.supervises(event)) {
			return;
		}
		listeners.stream()
			.filter(LoggingApplicationListener.class::isInstance)
			.map(LoggingApplicationListener.class::cast)
			.forEach((logging) -> logging.onApplicationEvent(event));
		launch.onApplicationEvent(event);
	}

}
