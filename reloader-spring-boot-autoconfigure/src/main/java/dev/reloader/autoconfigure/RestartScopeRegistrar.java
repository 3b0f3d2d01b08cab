package dev.reloader.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.Scope;

/**
 * Registers the scope named {@value #SCOPE_NAME}, which spring-boot-devtools'
 * {@code @RestartScope} uses, where devtools has not registered it (devtools is not on the
 * class path). A JVM lives for one run of the application here, so a bean in that scope
 * is one instance for the child's life, like a singleton; the containers among them
 * outlive the child as every container bean does.
 *
 * @author Reloader contributors
 */
final class RestartScopeRegistrar implements BeanFactoryPostProcessor {

	/**
	 * The name of devtools' restart scope.
	 */
	static final String SCOPE_NAME = "restart";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory.getRegisteredScope(SCOPE_NAME) == null) {
			beanFactory.registerScope(SCOPE_NAME, new ChildLifeScope());
		}
	}

	/**
	 * One instance of each bean for the life of the child JVM.
	 */
	private static final class ChildLifeScope implements Scope {

		private final Map<String, Object> beans = new ConcurrentHashMap<>();

		@Override
		public Object get(String name, ObjectFactory<?> objectFactory) {
			// Not computeIfAbsent: creating a bean may need another bean of this scope
			Object bean = this.beans.get(name);
			if (bean == null) {
				bean = objectFactory.getObject();
				Object earlier = this.beans.putIfAbsent(name, bean);
				bean = (earlier != null) ? earlier : bean;
			}
			return bean;
		}

		@Override
		public Object remove(String name) {
			return this.beans.remove(name);
		}

		@Override
		public void registerDestructionCallback(String name, Runnable callback) {
			// Nothing ends before the JVM does
		}

		@Override
		public Object resolveContextualObject(String key) {
			return null;
		}

		@Override
		public String getConversationId() {
			return null;
		}

	}

}
