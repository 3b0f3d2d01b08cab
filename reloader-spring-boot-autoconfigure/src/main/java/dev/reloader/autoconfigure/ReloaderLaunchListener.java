package dev.reloader.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reloader.launch.Activation;
import dev.reloader.launch.ChildCommand;
import dev.reloader.launch.Supervisor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Turns the launched JVM into the {@link Supervisor} as soon as the application's
 * environment is prepared: {@code application.yml}, profiles, environment variables and
 * command-line arguments are known and logging is initialized, but no application context
 * exists yet. The launched JVM then never returns into the application's {@code main}; it
 * runs the application in child JVMs and exits with the last child's exit code.
 * <p>
 * Registered in {@code META-INF/spring.factories}, so a plain
 * {@code SpringApplication.run(...)} reloads with nothing but the starter on the class
 * path. In a child JVM, or where the reloader is off, it does nothing.
 *
 * @author Reloader contributors
 */
public class ReloaderLaunchListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(ReloaderLaunchListener.class);

	private static final AtomicBoolean decided = new AtomicBoolean();

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (Supervisor.isChild() || !decided.compareAndSet(false, true)) {
			return;
		}
		ReloaderProperties properties = ReloaderPropertiesBinder.bind(event.getEnvironment());
		ChildCommand command = ChildCommand.ofCurrentJvm(Arrays.asList(event.getArgs()),
				event.getSpringApplication().getMainApplicationClass());
		String inactiveReason = Activation.inactiveReason(properties.getEnabled(), command,
				new Throwable().getStackTrace());
		if (inactiveReason != null) {
			logger.info("Reloader is off: " + inactiveReason);
			return;
		}
		System.exit(supervise(command, properties));
	}

	private int supervise(ChildCommand command, ReloaderProperties properties) {
		Path workingDirectory = Paths.get(System.getProperty("user.dir"));
		logger.info("Running the application in a child JVM that restarts when its files change (supervisor pid "
				+ ProcessHandle.current().pid() + ")");
		try {
			return new Supervisor(command, workingDirectory, properties.getShutdownTimeout()).run();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Failed to start the application in a child JVM: " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

}
