package dev.reloader.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import dev.reloader.launch.frontdoor.FrontDoor;
import dev.reloader.launch.frontdoor.StartFailure;
import dev.reloader.launch.standby.SupervisorChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Hands the reason why the application failed to start over to the supervisor, whose
 * {@link FrontDoor} then answers requests with it: a file in the supervisor's private
 * directory, written in the child, which the supervisor reads once the child has exited.
 * Spring Boot's failure analysis, where there is one ({@link StartFailureAnalysisReporter}),
 * else the exception.
 * <p>
 * Registered in {@code META-INF/spring.factories}; does nothing until the child's
 * {@link ReloaderLaunchListener} {@link #arm() arms} it, so not in the launched JVM, not
 * in a standby's warm-up or rehearsal, and not where the reloader is off.
 *
 * @author Reloader contributors
 */
class StartFailureHandOver implements ApplicationListener<ApplicationFailedEvent> {

	private static final Log logger = LogFactory.getLog(StartFailureHandOver.class);

	private static final Object monitor = new Object();

	private static Path file;

	private static boolean analysed;

	/**
	 * In a child behind the front door: hand the application's failure over from now on.
	 */
	static void arm() {
		Path directory = SupervisorChannel.directoryOfSupervisor();
		if (directory != null && System.getenv(FrontDoor.CHILD_VARIABLE) != null) {
			synchronized (monitor) {
				file = StartFailure.file(directory, ProcessHandle.current().pid());
			}
		}
	}

	@Override
	public void onApplicationEvent(ApplicationFailedEvent event) {
		handOver(StartFailure.of(event.getException()), false);
	}

	/**
	 * Hand a failure over, unless a failure analysis already was.
	 * @param failure the failure
	 * @param analysis whether it comes from a failure analysis, which wins over the
	 * exception alone
	 */
	static void handOver(StartFailure failure, boolean analysis) {
		synchronized (monitor) {
			if (file == null || (analysed && !analysis)) {
				return;
			}
			analysed = analysed || analysis;
			try {
				failure.writeTo(file);
			}
			catch (IOException ex) {
				logger.debug("Could not hand the application's failure over to the supervisor in " + file, ex);
			}
		}
	}

}
