package dev.reloader.autoconfigure;

import java.io.File;
import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.docker.compose.core.DockerCompose;
import org.springframework.boot.docker.compose.core.DockerComposeFile;
import org.springframework.boot.docker.compose.lifecycle.DockerComposeProperties;
import org.springframework.boot.docker.compose.lifecycle.LifecycleManagement;
import org.springframework.boot.docker.compose.lifecycle.StopCommand;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The supervisor's side of {@link DockerComposeServices}: finds the compose file and the
 * services as Spring Boot does, with Spring Boot's own Docker Compose client, and stops
 * the services at the end if they were not running before the first child. Loaded only
 * with spring-boot-docker-compose on the class path.
 *
 * @author Reloader contributors
 */
final class DockerComposeStop implements Runnable {

	private static final Log logger = LogFactory.getLog(DockerComposeStop.class);

	private final DockerCompose dockerCompose;

	private final DockerComposeProperties.Stop stop;

	private DockerComposeStop(DockerCompose dockerCompose, DockerComposeProperties.Stop stop) {
		this.dockerCompose = dockerCompose;
		this.stop = stop;
	}

	static Runnable prepare(ConfigurableEnvironment environment) {
		Runnable nothing = () -> {
		};
		Binder binder = Binder.get(environment);
		if (binder.bind(DockerComposeServices.LIFECYCLE_MANAGEMENT_PROPERTY, Bindable.of(String.class)).isBound()) {
			logger.debug("Docker Compose services are managed as " + DockerComposeServices.LIFECYCLE_MANAGEMENT_PROPERTY
					+ " says in each restart of the application");
			return nothing;
		}
		DockerComposeProperties properties = binder.bind("spring.docker.compose", DockerComposeProperties.class)
			.orElseGet(DockerComposeProperties::new);
		if (!properties.isEnabled() || properties.getLifecycleManagement() != LifecycleManagement.START_AND_STOP) {
			return nothing;
		}
		List<File> files = properties.getFile();
		DockerComposeFile composeFile = files.isEmpty()
				? DockerComposeFile.find(new File(System.getProperty("user.dir"))) : DockerComposeFile.of(files);
		if (composeFile == null) {
			return nothing;
		}
		DockerCompose dockerCompose = DockerCompose.get(composeFile, properties.getHost(),
				properties.getProfiles().getActive(), properties.getArguments());
		if (!dockerCompose.hasDefinedServices()) {
			return nothing;
		}
		if (!dockerCompose.getRunningServices().isEmpty()) {
			logger.info("Docker Compose services were running before the application started; the reloader leaves "
					+ "them running");
			return nothing;
		}
		logger.info("Docker Compose services stay up while the application restarts; they are stopped when the "
				+ "reloader ends (spring.docker.compose.lifecycle-management=start-and-stop)");
		return new DockerComposeStop(dockerCompose, properties.getStop());
	}

	@Override
	public void run() {
		Duration timeout = this.stop.getTimeout();
		List<String> arguments = this.stop.getArguments();
		try {
			if (this.stop.getCommand() == StopCommand.DOWN) {
				logger.info("Stopping Docker Compose services (docker compose down)");
				this.dockerCompose.down(timeout, arguments);
			}
			else {
				logger.info("Stopping Docker Compose services (docker compose stop)");
				this.dockerCompose.stop(timeout, arguments);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to stop the Docker Compose services: " + ex.getMessage());
		}
	}

}
