package dev.reloader.launch.standby;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.reloader.launch.standby.gate.StandbyGate;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The warm-up of a standby child: runs one throwaway Spring Boot application with the
 * auto-configurations of the dependency jars, then closes it. Loads and exercises the
 * jars' classes so that the real application starts fast when the standby is told to go.
 * <p>
 * It must leave nothing the application could see: it sees none of the resources of the
 * class path directories (the application's {@code application.yml},
 * {@code logback-spring.xml}, {@code spring.factories} and classes stay untouched), reads
 * no environment variables or system properties as configuration, registers no shutdown
 * hook, uses a random port, and cleans the logging system up afterwards. System
 * properties are put back by the standby itself.
 * <p>
 * The standby may be told to go while the warm-up runs. The warm-up then gives up at the
 * next bean it creates or request it would send, and closes what it started, so that the
 * application does not wait for the rest of a round that runs at low priority.
 *
 * @author Reloader contributors
 */
public class StandbyWarmup implements Runnable {

	/**
	 * Set in the warm-up's environment only: what registers the warm-up's controller.
	 */
	static final String WARMUP_PROPERTY = "dev.reloader.standby-warmup";

	private static final List<String> WARMUP_PATHS = List.of("/reloader-warmup", "/reloader-warmup/text",
			"/reloader-warmup/json");

	private final BooleanSupplier abandoned;

	/**
	 * Create a warm-up that always runs to its end.
	 */
	public StandbyWarmup() {
		this(() -> false);
	}

	/**
	 * Create a warm-up that gives up as soon as it sees that it is no longer wanted.
	 * @param abandoned whether the warm-up is no longer wanted
	 */
	public StandbyWarmup(BooleanSupplier abandoned) {
		this.abandoned = abandoned;
	}

	/**
	 * Run one throwaway application. Its thread may bind sockets to the loopback address
	 * and connect to them (its web server, its requests, the server's own wake-up
	 * connection as it stops), and do nothing else outside the JVM.
	 */
	@Override
	public void run() {
		try {
			StandbyGate.runOnLoopback(this::runRound);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Run one throwaway application.
	 * @return {@code true} if it ran to its end, {@code false} if it gave up because it
	 * was no longer wanted
	 */
	boolean runRound() {
		if (this.abandoned.getAsBoolean()) {
			return false;
		}
		ClassLoader loader = new DependenciesOnlyClassLoader(ClassLoader.getSystemClassLoader());
		AbandonCheck check = new AbandonCheck(this.abandoned);
		SpringApplication application = new SpringApplication(new AbandonCheckingResourceLoader(loader, check),
				WarmupConfiguration.class);
		application.setEnvironment(isolatedEnvironment());
		application.setRegisterShutdownHook(false);
		application.setLogStartupInfo(false);
		application.setBannerMode(Banner.Mode.OFF);
		application.addListeners((event) -> {
			// Startup events only: the failure it causes and the close must go through
			if (event instanceof SpringApplicationEvent && !(event instanceof ApplicationFailedEvent)) {
				check.check();
			}
		});
		application.addInitializers((context) -> context.getBeanFactory().addBeanPostProcessor(check));
		Path directory = StandbyGate.privateDirectory();
		if (directory != null) {
			application.addInitializers(
					(context) -> context.getBeanFactory().addBeanPostProcessor(new PrivateDirectories(directory)));
		}
		if (!isPresent("org.springframework.web.servlet.DispatcherServlet", loader)) {
			application.setWebApplicationType(WebApplicationType.NONE);
		}
		// Read by spring-boot-devtools before any environment exists; put back by the
		// standby with every other system property
		System.setProperty("spring.devtools.restart.enabled", "false");
		Thread thread = Thread.currentThread();
		ClassLoader contextLoader = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		ConfigurableApplicationContext context = null;
		try {
			context = application.run();
			return sendRequests(context);
		}
		catch (RuntimeException ex) {
			if (this.abandoned.getAsBoolean()) {
				return false;
			}
			throw ex;
		}
		finally {
			if (context != null) {
				context.close();
			}
			LoggingSystem.get(loader).cleanUp();
			thread.setContextClassLoader(contextLoader);
		}
	}

	/**
	 * Send a few requests through the web server, if there is one, so that the request
	 * paths (connector, servlet, handler mappings, a router function and an annotated
	 * controller, text and JSON message conversion) are loaded and compiled.
	 */
	private boolean sendRequests(ConfigurableApplicationContext context) {
		String port = context.getEnvironment().getProperty("local.server.port");
		if (port == null) {
			return true;
		}
		for (String path : WARMUP_PATHS) {
			if (this.abandoned.getAsBoolean()) {
				return false;
			}
			request("http://127.0.0.1:" + port + path);
		}
		return true;
	}

	private static void request(String url) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
			connection.setConnectTimeout(2000);
			connection.setReadTimeout(2000);
			// No keep-alive: its cache would start a timer thread that outlives the warm-up
			connection.setRequestProperty("Connection", "close");
			try (InputStream body = (connection.getResponseCode() < 400) ? connection.getInputStream()
					: connection.getErrorStream()) {
				if (body != null) {
					body.readAllBytes();
				}
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			// The warm-up is best effort
		}
	}

	public static boolean isWarmup(SpringApplication application) {
		return application.getAllSources().contains(WarmupConfiguration.class);
	}

	private static StandardEnvironment isolatedEnvironment() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.location", "optional:classpath:/dev/reloader/warmup/");
		// The standby's gate lets the warm-up's own thread bind and connect to loopback only
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", "0");
		properties.put("server.shutdown", "immediate");
		properties.put("logging.level.root", "OFF");
		properties.put("logging.register-shutdown-hook", "false");
		properties.put("reloader.enabled", "false");
		properties.put("spring.jmx.enabled", "false");
		properties.put("spring.devtools.restart.enabled", "false");
		properties.put("spring.devtools.livereload.enabled", "false");
		properties.put("spring.docker.compose.enabled", "false");
		properties.put("management.metrics.use-global-registry", "false");
		properties.put("spring.main.banner-mode", "off");
		properties.put(WARMUP_PROPERTY, "true");
		environment.getPropertySources().addFirst(new MapPropertySource("reloaderWarmup", properties));
		return environment;
	}

	private static boolean isPresent(String className, ClassLoader loader) {
		try {
			Class.forName(className, false, loader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * The throwaway application: nothing of its own, the auto-configurations of the jars.
	 * The condition keeps it out of an application whose component scan reaches this
	 * package.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(WARMUP_PROPERTY)
	@EnableAutoConfiguration
	@Import(WarmupWebConfiguration.class)
	static class WarmupConfiguration {

	}

	/**
	 * Handlers for the warm-up requests, where Spring MVC is on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
	@Import(WarmupController.class)
	static class WarmupWebConfiguration {

		@Bean
		RouterFunction<ServerResponse> reloaderWarmupRoute() {
			return RouterFunctions.route().GET("/reloader-warmup", (request) -> ServerResponse.ok().body("warm")).build();
		}

	}

	/**
	 * An annotated controller, as applications have: its requests go through handler
	 * method invocation, argument resolution and return value handling, which a router
	 * function does not use. The condition keeps it out of an application whose component
	 * scan reaches this package.
	 */
	@RestController
	@ConditionalOnBooleanProperty(WARMUP_PROPERTY)
	static class WarmupController {

		@GetMapping("/reloader-warmup/text")
		String text() {
			return "warm";
		}

		@GetMapping("/reloader-warmup/json")
		Map<String, Object> json() {
			return Map.of("warm", true, "rounds", List.of(1, 2));
		}

	}

	/**
	 * Puts the directories that a web server factory would otherwise create among the
	 * JVM's temporary files (a base directory, a document root) into the standby's private
	 * directory, where its gate lets it write before go.
	 */
	private static final class PrivateDirectories implements BeanPostProcessor {

		private final Path directory;

		PrivateDirectories(Path directory) {
			this.directory = directory;
		}

		@Override
		public Object postProcessBeforeInitialization(Object bean, String beanName) {
			setDirectory(bean, "setBaseDirectory", "base");
			setDirectory(bean, "setDocumentRoot", "document-root");
			return bean;
		}

		private void setDirectory(Object bean, String setter, String name) {
			Method method = ReflectionUtils.findMethod(bean.getClass(), setter, File.class);
			if (method == null) {
				return;
			}
			try {
				File directory = Files.createDirectories(this.directory.resolve("warmup").resolve(name)).toFile();
				ReflectionUtils.invokeMethod(method, bean, directory);
			}
			catch (IOException ex) {
				// The web server then fails, and the warm-up with it
			}
		}

	}

	/**
	 * Makes the warm-up's application fail at its next step once the warm-up is no
	 * longer wanted: the next application event, the next bean it creates.
	 */
	private static final class AbandonCheck implements BeanPostProcessor {

		private final BooleanSupplier abandoned;

		AbandonCheck(BooleanSupplier abandoned) {
			this.abandoned = abandoned;
		}

		void check() {
			if (this.abandoned.getAsBoolean()) {
				throw new IllegalStateException("Warm-up abandoned: the standby was told to go");
			}
		}

		@Override
		public Object postProcessBeforeInitialization(Object bean, String beanName) {
			check();
			return bean;
		}

	}

	/**
	 * The warm-up's resource loader, through which the application reads its
	 * configuration files and the metadata of every configuration class it parses: fails
	 * the next read once the warm-up is no longer wanted. A context only reads through it
	 * while it starts, never while it closes.
	 */
	private static final class AbandonCheckingResourceLoader extends DefaultResourceLoader {

		private final AbandonCheck check;

		AbandonCheckingResourceLoader(ClassLoader classLoader, AbandonCheck check) {
			super(classLoader);
			this.check = check;
		}

		@Override
		public Resource getResource(String location) {
			this.check.check();
			return super.getResource(location);
		}

	}

	/**
	 * Loads classes like the system class loader (so the warmed classes are the ones the
	 * application will use), but hides every resource of the class path directories, so
	 * nothing of the application is read or loaded by name.
	 */
	static final class DependenciesOnlyClassLoader extends ClassLoader {

		private final List<Path> hidden;

		DependenciesOnlyClassLoader(ClassLoader parent) {
			super(parent);
			this.hidden = hiddenDirectories();
		}

		@Override
		public URL getResource(String name) {
			Enumeration<URL> resources = getResources(name);
			return resources.hasMoreElements() ? resources.nextElement() : null;
		}

		@Override
		public Enumeration<URL> getResources(String name) {
			try {
				List<URL> visible = new ArrayList<>();
				for (URL url : Collections.list(getParent().getResources(name))) {
					if (!isHidden(url)) {
						visible.add(url);
					}
				}
				return Collections.enumeration(visible);
			}
			catch (IOException ex) {
				return Collections.emptyEnumeration();
			}
		}

		private boolean isHidden(URL url) {
			if (!"file".equals(url.getProtocol())) {
				return false;
			}
			try {
				Path path = Path.of(url.toURI()).toAbsolutePath().normalize();
				for (Path directory : this.hidden) {
					if (path.startsWith(directory)) {
						return true;
					}
				}
				return false;
			}
			catch (URISyntaxException | RuntimeException ex) {
				return true;
			}
		}

		private static List<Path> hiddenDirectories() {
			Path own = ownLocation();
			List<Path> directories = new ArrayList<>();
			for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
				if (entry.isEmpty()) {
					continue;
				}
				Path path = Path.of(entry).toAbsolutePath().normalize();
				if (Files.isDirectory(path) && !path.equals(own)) {
					directories.add(path);
				}
			}
			return directories;
		}

		private static Path ownLocation() {
			try {
				CodeSource source = StandbyWarmup.class.getProtectionDomain().getCodeSource();
				return (source != null) ? Path.of(source.getLocation().toURI()).toAbsolutePath().normalize() : null;
			}
			catch (URISyntaxException | RuntimeException ex) {
				return null;
			}
		}

	}

}
