package dev.reloader.launch.standby;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * The bean factory of a rehearsal: never runs the destruction callbacks of the
 * application's own beans ({@code @PreDestroy} methods, {@code DisposableBean},
 * {@code close()} or a destroy method), which are the application's code and may act
 * outside the JVM (write a file, send a message, delete data), when the rehearsal's
 * context is dropped. Beans of the libraries are destroyed as usual, so that what they
 * started (an executor, a cache) ends with the rehearsal.
 *
 * @author Reloader contributors
 */
final class RehearsalBeanFactory extends DefaultListableBeanFactory {

	private final ClassLoader applicationClassLoader;

	/**
	 * Create a bean factory for a rehearsal.
	 * @param applicationClassLoader the class loader of the application's classes: beans
	 * of its classes are never destroyed
	 */
	RehearsalBeanFactory(ClassLoader applicationClassLoader) {
		this.applicationClassLoader = applicationClassLoader;
	}

	@Override
	protected void registerDisposableBeanIfNecessary(String beanName, Object bean, RootBeanDefinition mbd) {
		if (!isApplicationBean(bean)) {
			super.registerDisposableBeanIfNecessary(beanName, bean, mbd);
		}
	}

	private boolean isApplicationBean(Object bean) {
		for (Class<?> type = bean.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getClassLoader() == this.applicationClassLoader) {
				return true;
			}
		}
		return false;
	}

}
