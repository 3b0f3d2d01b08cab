package dev.reloader.launch.standby;

import java.beans.Introspector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.reloader.launch.standby.gate.StandbyGate;
import org.springframework.beans.CachedIntrospectionResults;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.ReflectionUtils;

/**
 * A rehearsal of the application in a standby child: starts the application's own context
 * (its configuration, entities, repositories, views and beans, with the auto-configurations
 * they bring) from the class files as they are when it starts, in a class loader of its own
 * that is dropped afterwards, so that the real start after go finds the JVM warm on the
 * application's code paths and loads every class of the application afresh.
 * <p>
 * A rehearsal must leave nothing outside the JVM. It runs with {@link RehearsalProperties}
 * above all of the application's configuration (no schema action, no database
 * initializers, no Docker Compose, no web server, no file logging), replaces every
 * {@code DataSource} with one that refuses connections, and gives up just before the
 * context's lifecycle would start, so that no server, listener container or scheduled
 * task ever starts, and never runs the destruction callbacks of the application's own
 * beans when it drops the context ({@link RehearsalBeanFactory}). What it cannot show to
 * be safe makes it fail, and the standby then warms up as it would without it. Beneath
 * all of that, the standby's {@link StandbyGate gate} refuses every action outside the
 * JVM that the application's code or a library tries anyway; a refused action fails the
 * rehearsal, even where the code that tried caught the refusal.
 * <p>
 * After the rehearsal, the caches of Spring that are keyed by classes are cleared, the
 * logging system is cleaned up and the class loader is closed; system properties are put
 * back by the standby.
 *
 * @author Reloader contributors
 * @see RehearsalClassLoader
 */
public class StandbyRehearsal implements Runnable {

	/**
	 * How long threads that the rehearsal left are given to end once interrupted.
	 */
	static final Duration THREAD_END_TIMEOUT = Duration.ofSeconds(1);

	private final String mainClass;

	private final String[] args;

	private final BooleanSupplier abandoned;

	/**
	 * Create a rehearsal of the given application.
	 * @param mainClass the application's main class, also its primary source
	 * @param args the application's arguments
	 * @param abandoned whether the rehearsal is no longer wanted
	 */
	public StandbyRehearsal(String mainClass, String[] args, BooleanSupplier abandoned) {
		this.mainClass = mainClass;
		this.args = args.clone();
		this.abandoned = abandoned;
	}

	/**
	 * Run the rehearsal.
	 * @throws IllegalStateException if the rehearsal failed or was not allowed to finish;
	 * the JVM is then as warm as the rehearsal got, with nothing of the application left
	 */
	@Override
	public void run() {
		if (this.abandoned.getAsBoolean()) {
			throw new IllegalStateException("Rehearsal abandoned: the standby was told to go");
		}
		RehearsalClassLoader loader = RehearsalClassLoader.forClassPathDirectories(getClass(),
				ClassLoader.getSystemClassLoader());
		Set<String> definedBefore = loader.packagesDefinedByParent();
		LoggingSystem logging = LoggingSystem.get(loader);
		Thread thread = Thread.currentThread();
		ClassLoader contextLoader = thread.getContextClassLoader();
		String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
		RehearsalGuard guard = new RehearsalGuard(this.abandoned);
		Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
		try {
			// Logging stays off: the application's own logging configuration (a file
			// appender, for example) is never applied
			logging.beforeInitialize();
			System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
			System.setProperty("spring.devtools.restart.enabled", "false");
			thread.setContextClassLoader(loader);
			int refusedBefore = StandbyGate.refusalCount();
			try {
				rehearse(loader, guard);
			}
			catch (RuntimeException ex) {
				throwIfRefused(refusedBefore, ex);
				throw ex;
			}
			throwIfRefused(refusedBefore, null);
		}
		finally {
			thread.setContextClassLoader(contextLoader);
			restoreProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
			logging.cleanUp();
			clearCaches(loader);
			close(loader);
			checkNothingLeaked(loader, definedBefore);
			checkNoThreadLeft(loader, threadsBefore);
		}
	}

	/**
	 * Make sure that no thread that the rehearsal started lives on: the rehearsal never
	 * runs the destruction callbacks of the application's beans, so a thread that a bean
	 * started (directly, or through an executor or a timer) would still run the
	 * rehearsal's classes once the application starts for real, and could act outside the
	 * JVM once the standby's gate opens. Such a thread is asked to stop with an interrupt;
	 * one that does not end within {@link #THREAD_END_TIMEOUT} makes the standby unfit.
	 */
	private static void checkNoThreadLeft(RehearsalClassLoader loader, Set<Thread> threadsBefore) {
		List<Thread> left = threadsLeft(loader, threadsBefore);
		if (left.isEmpty()) {
			return;
		}
		left.forEach(Thread::interrupt);
		long deadline = System.nanoTime() + THREAD_END_TIMEOUT.toNanos();
		for (Thread thread : left) {
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (remaining > 0) {
				try {
					thread.join(remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		List<String> running = left.stream().filter(Thread::isAlive).map(Thread::getName).toList();
		if (!running.isEmpty()) {
			throw new StaleStandbyException("The rehearsal left threads running: " + running);
		}
	}

	/**
	 * Return the live threads that the rehearsal started: threads that were not there
	 * before it, whose context class loader is the rehearsal's (a thread inherits it from
	 * the thread that creates it) or whose class the rehearsal's class loader defined.
	 */
	static List<Thread> threadsLeft(ClassLoader loader, Set<Thread> threadsBefore) {
		List<Thread> left = new ArrayList<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.isAlive() && !threadsBefore.contains(thread) && thread != Thread.currentThread()
					&& (thread.getContextClassLoader() == loader || thread.getClass().getClassLoader() == loader)) {
				left.add(thread);
			}
		}
		return left;
	}

	/**
	 * Make sure that no class of the class path directories was loaded by the system class
	 * loader while the rehearsal ran (a library that loads classes by name with its own
	 * class loader would do that): the real run would get that class as it was, not as
	 * it is when the real run starts.
	 */
	private static void checkNothingLeaked(RehearsalClassLoader loader, Set<String> definedBefore) {
		Set<String> leaked = loader.packagesDefinedByParent();
		leaked.removeAll(definedBefore);
		if (!leaked.isEmpty()) {
			throw new StaleStandbyException("The rehearsal left classes of " + leaked + " in the system class loader");
		}
	}

	/**
	 * Fail the rehearsal if the standby's gate refused it an action outside the JVM, even
	 * one that the application or a library caught.
	 */
	private static void throwIfRefused(int refusedBefore, RuntimeException failure) {
		String refused = StandbyGate.refusedSince(refusedBefore);
		if (refused != null) {
			throw new IllegalStateException("Rehearsal refused an action outside the JVM: " + refused, failure);
		}
	}

	private void rehearse(RehearsalClassLoader loader, RehearsalGuard guard) {
		Class<?> source = loadSource(loader);
		RehearsalExclusions.check(loader);
		SpringApplication application = new SpringApplication(new GuardedResourceLoader(loader, guard), source);
		// No web server in a rehearsal: the plain context, with a bean factory that never
		// runs the application's own destruction callbacks
		application.setApplicationContextFactory(
				(type) -> new AnnotationConfigApplicationContext(new RehearsalBeanFactory(loader)));
		ConfigurableEnvironment environment = new StandardEnvironment();
		RehearsalProperties.addTo(environment);
		application.setEnvironment(environment);
		application.setRegisterShutdownHook(false);
		application.setLogStartupInfo(false);
		application.setBannerMode(Banner.Mode.OFF);
		application.setMainApplicationClass(source);
		application.addListeners((event) -> {
			if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
				RehearsalProperties.putOnTop(prepared.getEnvironment());
				guard.checkEnabled(prepared.getEnvironment());
			}
			if (event instanceof SpringApplicationEvent && !(event instanceof ApplicationFailedEvent)) {
				guard.check();
			}
		});
		application.addInitializers(guard::register);
		RuntimeException failure;
		try {
			application.run(this.args).close();
			failure = new IllegalStateException("Rehearsal went past the start of the lifecycle");
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		guard.complete(failure);
	}

	private Class<?> loadSource(ClassLoader loader) {
		try {
			Class<?> source = Class.forName(this.mainClass, false, loader);
			if (source.getClassLoader() != loader) {
				throw new IllegalStateException(this.mainClass + " is not in a class path directory");
			}
			if (!AnnotatedElementUtils.hasAnnotation(source, Configuration.class)
					&& !AnnotatedElementUtils.hasAnnotation(source, EnableAutoConfiguration.class)) {
				throw new IllegalStateException(this.mainClass + " is not a configuration class of its own");
			}
			return source;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalStateException("Cannot load " + this.mainClass + " for a rehearsal", ex);
		}
	}

	/**
	 * Clear what Spring keeps per class, so that nothing of the rehearsal's classes is
	 * found by the real run, and drop the class loader's introspection results.
	 */
	private static void clearCaches(ClassLoader loader) {
		CachedIntrospectionResults.clearClassLoader(loader);
		ReflectionUtils.clearCache();
		AnnotationUtils.clearCache();
		ResolvableType.clearCache();
		Introspector.flushCaches();
	}

	private static void close(RehearsalClassLoader loader) {
		try {
			loader.close();
		}
		catch (IOException ex) {
			// Nothing to keep open
		}
	}

	private static void restoreProperty(String name, String value) {
		if (value != null) {
			System.setProperty(name, value);
		}
		else {
			System.clearProperty(name);
		}
	}

	/**
	 * Whether the given environment is a rehearsal's.
	 * @param environment an application's environment
	 * @return {@code true} if it belongs to a rehearsal in a standby child
	 */
	public static boolean isRehearsal(ConfigurableEnvironment environment) {
		return RehearsalProperties.isRehearsal(environment);
	}

}
