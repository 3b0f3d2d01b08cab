package dev.reloader.launch.standby;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * The rehearsal's resource loader, through which the application reads its configuration
 * files and the metadata of every configuration class it parses: fails the next read once
 * the standby is told to go, so that the rehearsal gives up instead of finishing at low
 * priority while the application waits.
 *
 * @author Reloader contributors
 */
final class GuardedResourceLoader extends DefaultResourceLoader {

	private final RehearsalGuard guard;

	GuardedResourceLoader(ClassLoader classLoader, RehearsalGuard guard) {
		super(classLoader);
		this.guard = guard;
	}

	@Override
	public Resource getResource(String location) {
		this.guard.check();
		return super.getResource(location);
	}

}
