package dev.reloader.launch.standby;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Keeps a rehearsal to what it is allowed to do: ends it where the context's lifecycle
 * would start, replaces every {@code DataSource} with one that refuses connections, and
 * gives up at the next step once the standby is told to go. Whatever it stopped makes the
 * rehearsal fail, even where the application would have carried on without it.
 *
 * @author Reloader contributors
 */
final class RehearsalGuard implements BeanPostProcessor {

	static final String ENABLED_PROPERTY = "reloader.child.standby-rehearsal";

	private final BooleanSupplier abandoned;

	private final Object monitor = new Object();

	private String violation;

	RehearsalGuard(BooleanSupplier abandoned) {
		this.abandoned = abandoned;
	}

	/**
	 * Install the guard in the rehearsal's context, before it refreshes.
	 * @param context the rehearsal's context
	 */
	void register(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(this);
		context.getBeanFactory()
			.registerSingleton(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, new EndOfRehearsal(context));
	}

	void check() {
		if (this.abandoned.getAsBoolean()) {
			throw new IllegalStateException("Rehearsal abandoned: the standby was told to go");
		}
	}

	void checkEnabled(Environment environment) {
		if (!environment.getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
			throw new IllegalStateException("Rehearsal is off (" + ENABLED_PROPERTY + "=false)");
		}
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		check();
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
					new RefusingDataSource(beanName, dataSource));
		}
		return bean;
	}

	/**
	 * End the rehearsal with the way its run ended.
	 * @param failure how the run ended: the end of the rehearsal where it gave up as
	 * planned, anything else where it failed
	 * @throws IllegalStateException if the rehearsal did not end as planned or did
	 * something it must not do on the way
	 */
	void complete(RuntimeException failure) {
		synchronized (this.monitor) {
			if (this.violation != null) {
				throw new IllegalStateException("Rehearsal stopped: it tried to " + this.violation, failure);
			}
		}
		if (!isEndOfRehearsal(failure)) {
			throw failure;
		}
	}

	private static boolean isEndOfRehearsal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RehearsalEnded) {
				return true;
			}
		}
		return false;
	}

	private void violated(String what) {
		synchronized (this.monitor) {
			if (this.violation == null) {
				this.violation = what;
			}
		}
		throw new IllegalStateException("A rehearsal must not " + what);
	}

	/**
	 * Takes the place of the context's lifecycle processor, so that the rehearsal ends
	 * after every singleton is created and before any bean is started: no web server
	 * port, no listener container, no scheduled task, no ready event.
	 */
	private static final class EndOfRehearsal implements LifecycleProcessor {

		private final ConfigurableApplicationContext context;

		EndOfRehearsal(ConfigurableApplicationContext context) {
			this.context = context;
		}

		@Override
		public void onRefresh() {
			throw new RehearsalEnded(this.context);
		}

		@Override
		public void onClose() {
		}

		@Override
		public void start() {
			throw new RehearsalEnded(this.context);
		}

		@Override
		public void stop() {
		}

		@Override
		public boolean isRunning() {
			return false;
		}

	}

	/**
	 * How a rehearsal ends as planned: Spring Boot abandons a run that ends this way
	 * without reporting a failure.
	 */
	private static final class RehearsalEnded extends SpringApplication.AbandonedRunException {

		RehearsalEnded(ConfigurableApplicationContext context) {
			super(context);
		}

	}

	/**
	 * A data source that refuses every connection, in place of the application's.
	 */
	private final class RefusingDataSource implements InvocationHandler {

		private final String beanName;

		private final DataSource target;

		RefusingDataSource(String beanName, DataSource target) {
			this.beanName = beanName;
			this.target = target;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "Rehearsal stand-in for " + this.target;
				case "isWrapperFor" -> false;
				case "unwrap" -> throw new SQLException("Not a wrapper: a rehearsal's stand-in data source");
				case "getLoginTimeout" -> 0;
				case "getLogWriter" -> (PrintWriter) null;
				case "setLoginTimeout", "setLogWriter" -> null;
				case "getParentLogger" -> throw new SQLFeatureNotSupportedException();
				default -> {
					violated("connect to the database of data source '" + this.beanName + "'");
					yield null;
				}
			};
		}

	}

}
