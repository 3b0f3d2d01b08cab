package dev.reloader.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.reloader.launch.ClassPathDirectories;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Builds the {@link WatchSet} of an application from its class path and the
 * {@code reloader.watch.*} properties.
 *
 * @author Reloader contributors
 */
final class ClassPathWatchSet {

	private static final Log logger = LogFactory.getLog(ClassPathWatchSet.class);

	private ClassPathWatchSet() {
	}

	/**
	 * Create the watch set.
	 * @param properties the reloader properties
	 * @param classPath the class path entries of the application
	 * @param workingDirectory the directory relative extra paths are resolved against
	 * @return the watch set
	 */
	static WatchSet create(ReloaderProperties properties, List<Path> classPath, Path workingDirectory) {
		WatchSet.Builder builder = WatchSet.builder();
		ClassPathDirectories.of(classPath).forEach(builder::directory);
		for (String extraPath : properties.getWatch().getExtraPaths()) {
			Path path = workingDirectory.resolve(extraPath.strip());
			if (Files.isDirectory(path)) {
				builder.directory(path);
			}
			else if (Files.exists(path)) {
				builder.file(path);
			}
			else {
				logger.warn("Not watching " + path + " (reloader.watch.extra-paths): it does not exist");
			}
		}
		builder.excludes(properties.getWatch().getExclude());
		builder.excludes(properties.getWatch().getAdditionalExclude());
		return builder.build();
	}

}
