package dev.reloader.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.reloader.launch.ClassPathDirectories;
import dev.reloader.watch.PathPattern;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Builds the {@link WatchSet}s of an application from its class path and the
 * {@code reloader.*} properties: the one whose changes restart the application and the
 * one whose changes run the build command.
 *
 * @author Reloader contributors
 */
final class ClassPathWatchSet {

	private static final Log logger = LogFactory.getLog(ClassPathWatchSet.class);

	private ClassPathWatchSet() {
	}

	/**
	 * Create the watch set whose changes restart the application: every class path
	 * directory, the extra paths and the trigger file.
	 * @param properties the reloader properties
	 * @param classPath the class path entries of the application
	 * @param workingDirectory the directory relative paths are resolved against
	 * @return the watch set
	 */
	static WatchSet create(ReloaderProperties properties, List<Path> classPath, Path workingDirectory) {
		WatchSet.Builder builder = WatchSet.builder();
		ClassPathDirectories.of(classPath).forEach(builder::directory);
		for (String extraPath : properties.getWatch().getExtraPaths()) {
			PathPattern pattern = PathPattern.parse(workingDirectory, extraPath);
			if (Files.exists(pattern.root())) {
				builder.path(pattern);
			}
			else {
				logger.warn("Not watching " + pattern.root() + " (reloader.watch.extra-paths: " + extraPath
						+ "): it does not exist");
			}
		}
		Path triggerFile = triggerFile(properties, workingDirectory);
		if (triggerFile != null) {
			builder.file(triggerFile);
		}
		builder.excludes(properties.getWatch().getExclude());
		builder.excludes(properties.getWatch().getAdditionalExclude());
		return builder.build();
	}

	/**
	 * Create the watch set whose changes run the build command. Only the exclude patterns
	 * that name files, such as {@code *.swp}, apply to it.
	 * @param properties the reloader properties
	 * @param workingDirectory the directory the patterns are resolved against
	 * @return the watch set, or {@code null} when no build command is set
	 */
	static WatchSet sources(ReloaderProperties properties, Path workingDirectory) {
		if (properties.getBuild().getCommand() == null) {
			return null;
		}
		WatchSet.Builder builder = WatchSet.builder();
		for (String pattern : properties.getBuild().getWatch()) {
			builder.path(PathPattern.parse(workingDirectory, pattern));
		}
		fileNamePatterns(properties.getWatch().getExclude()).forEach(builder::exclude);
		fileNamePatterns(properties.getWatch().getAdditionalExclude()).forEach(builder::exclude);
		return builder.build();
	}

	/**
	 * Return the exclude patterns that name files anywhere (editor swap and backup
	 * files). Patterns with a directory part describe the class output layout, such as
	 * {@code static/**}, and must not keep a changed source from being built.
	 */
	private static List<String> fileNamePatterns(List<String> excludes) {
		return excludes.stream().filter((pattern) -> pattern.indexOf('/') < 0).toList();
	}

	/**
	 * Return the trigger file.
	 * @param properties the reloader properties
	 * @param workingDirectory the directory a relative path is resolved against
	 * @return the absolute, normalized trigger file, or {@code null} when none is set
	 */
	static Path triggerFile(ReloaderProperties properties, Path workingDirectory) {
		Path triggerFile = properties.getTriggerFile();
		return (triggerFile != null) ? workingDirectory.resolve(triggerFile).toAbsolutePath().normalize() : null;
	}

}
