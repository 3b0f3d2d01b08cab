package dev.reloader.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides whether the reloader may run in this JVM. It stays off in tests, in packaged
 * jars (unless forced on), in native images and when disabled.
 *
 * @author Reloader contributors
 */
public final class Activation {

	private static final List<String> TEST_FRAMEWORK_PREFIXES = List.of("org.junit.", "org.springframework.boot.test.",
			"org.springframework.test.", "org.testng.", "org.spockframework.", "io.cucumber.", "kotest.");

	private static final String BOOT_LOADER_PREFIX = "org.springframework.boot.loader.";

	private Activation() {
	}

	/**
	 * Return why the reloader must stay off, or {@code null} if it may run.
	 * @param enabled the value of {@code reloader.enabled}, {@code null} when not set
	 * @param command how the current JVM was launched
	 * @param stack the stack of the thread that launches the application
	 * @return the reason for being off, or {@code null}
	 */
	public static String inactiveReason(Boolean enabled, ChildCommand command, StackTraceElement[] stack) {
		if (Boolean.FALSE.equals(enabled)) {
			return "reloader.enabled is false";
		}
		if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
			return "the application runs as a native image";
		}
		if (Boolean.TRUE.equals(enabled)) {
			return null;
		}
		for (StackTraceElement element : stack) {
			for (String prefix : TEST_FRAMEWORK_PREFIXES) {
				if (element.getClassName().startsWith(prefix)) {
					return "the application runs in a test (" + element.getClassName() + " is on the stack)";
				}
			}
		}
		if (command.isJarLaunch() || command.getTarget().startsWith(BOOT_LOADER_PREFIX)) {
			return "the application was launched from a packaged jar; set reloader.enabled=true to force it on";
		}
		List<Path> classPath = command.getClassPathEntries();
		// Reading the manifests of the jars is needed only when no entry is a directory
		if (classPath.stream().noneMatch(Files::isDirectory) && ClassPathDirectories.of(classPath).isEmpty()) {
			return "no directory on the class path to watch; set reloader.enabled=true to force it on";
		}
		return null;
	}

}
