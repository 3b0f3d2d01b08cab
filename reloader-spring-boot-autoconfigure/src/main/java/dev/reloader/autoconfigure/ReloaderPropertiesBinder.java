package dev.reloader.autoconfigure;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Binds {@link ReloaderProperties} from an environment before any application context
 * exists, with the same rules and validation as {@code @ConfigurationProperties}.
 *
 * @author Reloader contributors
 */
final class ReloaderPropertiesBinder {

	private ReloaderPropertiesBinder() {
	}

	static ReloaderProperties bind(ConfigurableEnvironment environment) {
		return Binder.get(environment)
			.bind("reloader", Bindable.ofInstance(new ReloaderProperties()))
			.orElseGet(ReloaderProperties::new);
	}

}
