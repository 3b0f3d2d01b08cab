package dev.reloader;

import dev.reloader.autoconfigure.ReloaderLaunchListener;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ResourceLoader;

/**
 * A {@link SpringApplication} that restarts in a fresh JVM when its files change, the way
 * Django's {@code runserver} does. Change one word in {@code main}:
 * <pre class="code">
 * public static void main(String[] args) {
 *     ReloadingSpringApplication.run(MyApplication.class, args);
 * }
 * </pre>
 * The launched JVM becomes a light supervisor that runs the application in a child JVM
 * and starts a new child whenever the old one exits with code 3 after a change. Where the
 * reloader is off (tests, packaged jars, native images, {@code reloader.enabled=false})
 * it behaves exactly like a {@link SpringApplication}.
 *
 * @author Reloader contributors
 */
public class ReloadingSpringApplication extends SpringApplication {

	/**
	 * Create a new instance.
	 * @param primarySources the primary bean sources
	 */
	public ReloadingSpringApplication(Class<?>... primarySources) {
		this(null, primarySources);
	}

	/**
	 * Create a new instance.
	 * @param resourceLoader the resource loader to use
	 * @param primarySources the primary bean sources
	 */
	public ReloadingSpringApplication(ResourceLoader resourceLoader, Class<?>... primarySources) {
		super(resourceLoader, primarySources);
		if (getListeners().stream().noneMatch(ReloaderLaunchListener.class::isInstance)) {
			addListeners(new ReloaderLaunchListener());
		}
	}

	/**
	 * Run the application with reloading.
	 * @param primarySource the primary source to load
	 * @param args the application arguments (usually passed from a Java main method)
	 * @return the running application context (in the child JVM)
	 */
	public static ConfigurableApplicationContext run(Class<?> primarySource, String... args) {
		return run(new Class<?>[] { primarySource }, args);
	}

	/**
	 * Run the application with reloading.
	 * @param primarySources the primary sources to load
	 * @param args the application arguments (usually passed from a Java main method)
	 * @return the running application context (in the child JVM)
	 */
	public static ConfigurableApplicationContext run(Class<?>[] primarySources, String[] args) {
		return new ReloadingSpringApplication(primarySources).run(args);
	}

}
