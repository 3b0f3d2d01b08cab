package dev.reloader.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reloader.launch.ChildCommand;
import dev.reloader.launch.frontdoor.FrontDoor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, in the supervisor, which of the application's ports its {@link FrontDoor}
 * holds, from the prepared environment ({@code server.port}, {@code server.address},
 * {@code management.server.port} and {@code management.server.address}) and the
 * application's web type; and makes, in a child behind the front door, those ports
 * private: a free port on the loopback interface, which the child reports once it is
 * ready.
 *
 * @author Reloader contributors
 */
final class FrontDoorSetup {

	/**
	 * The name of the property source that makes a child's ports private.
	 */
	static final String PROPERTY_SOURCE_NAME = "reloaderFrontDoor";

	private static final int DEFAULT_PORT = 8080;

	private static final Log logger = LogFactory.getLog(FrontDoorSetup.class);

	private FrontDoorSetup() {
	}

	/**
	 * Return the ports that the supervisor holds for the application.
	 * @param properties the reloader's properties
	 * @param environment the application's prepared environment
	 * @param application the application
	 * @param command how children are started
	 * @return the ports, empty when the front door is off or the application serves no
	 * web requests
	 * @throws UnknownHostException if {@code server.address} names no host
	 */
	static List<FrontDoor.Port> ports(ReloaderProperties properties, ConfigurableEnvironment environment,
			SpringApplication application, ChildCommand command) throws UnknownHostException {
		if (!properties.getFrontDoor().isEnabled()) {
			logger.debug("No front door: reloader.front-door.enabled is false");
			return List.of();
		}
		if (!command.isMainClassLaunch()) {
			logger.debug("No front door: the application is not launched with a main class, so its children "
					+ "cannot report their ports");
			return List.of();
		}
		Binder binder = Binder.get(environment);
		WebApplicationType type = binder.bind("spring.main.web-application-type", WebApplicationType.class)
			.orElse(application.getWebApplicationType());
		if (type == WebApplicationType.NONE) {
			logger.debug("No front door: the application is not a web application");
			return List.of();
		}
		int serverPort = binder.bind("server.port", Integer.class).orElse(DEFAULT_PORT);
		if (serverPort < 0) {
			logger.debug("No front door: server.port is negative");
			return List.of();
		}
		List<FrontDoor.Port> ports = new ArrayList<>();
		ports.add(new FrontDoor.Port(FrontDoor.SERVER, address(binder, "server.address"), serverPort,
				"server.port"));
		Integer managementPort = binder.bind("management.server.port", Integer.class).orElse(null);
		if (managementPort != null && managementPort >= 0 && managementPort != serverPort) {
			ports.add(new FrontDoor.Port(FrontDoor.MANAGEMENT, address(binder, "management.server.address"),
					managementPort, "management.server.port"));
		}
		return ports;
	}

	private static InetAddress address(Binder binder, String property) throws UnknownHostException {
		String address = binder.bind(property, String.class).orElse(null);
		return (address != null && !address.isBlank()) ? InetAddress.getByName(address.strip()) : null;
	}

	/**
	 * Say, once, where the application answers.
	 * @param frontDoor the open front door
	 * @param ports the ports it was asked to hold
	 */
	static void logPorts(FrontDoor frontDoor, List<FrontDoor.Port> ports) {
		for (FrontDoor.Port port : ports) {
			int bound = frontDoor.port(port.name());
			String where = (port.address() != null) ? port.address().getHostAddress() + ":" + bound
					: "port " + bound;
			String chosen = (port.port() == 0) ? " (" + port.property() + "=0: this port stays the same for as long "
					+ "as the reloader runs)" : "";
			logger.info("The application answers on " + where + chosen + "; each run of it listens on a private "
					+ "loopback port behind it (reloader.front-door.enabled=false turns this off)");
		}
	}

	/**
	 * In a child behind the front door: make the ports that it holds private, above every
	 * other source (command-line arguments too).
	 * @param environment the child's environment
	 */
	static void makePortsPrivate(ConfigurableEnvironment environment) {
		List<String> doors = doors();
		if (doors.isEmpty() || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		if (doors.contains(FrontDoor.SERVER)) {
			properties.put("server.address", "127.0.0.1");
			properties.put("server.port", 0);
		}
		if (doors.contains(FrontDoor.MANAGEMENT)) {
			properties.put("management.server.address", "127.0.0.1");
			properties.put("management.server.port", 0);
		}
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
	}

	/**
	 * In a child: return the ports it listens on that the front door relays to.
	 * @param environment the child's environment, once its web servers run
	 * @return the ports by door name; empty when not behind a front door
	 */
	static Map<String, Integer> privatePorts(Environment environment) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (String door : doors()) {
			Integer port = environment.getProperty("local." + door + ".port", Integer.class);
			if (port != null && port > 0) {
				ports.put(door, port);
			}
		}
		return ports;
	}

	private static List<String> doors() {
		String doors = System.getenv(FrontDoor.CHILD_VARIABLE);
		return (doors != null && !doors.isBlank()) ? List.of(doors.split(",")) : List.of();
	}

}
