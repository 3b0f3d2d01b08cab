package dev.reloader.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.reloader.watch.ReloaderType;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the reloader.
 *
 * @author Reloader contributors
 */
@ConfigurationProperties("reloader")
public class ReloaderProperties {

	/**
	 * Whether to restart the application in a fresh JVM when its files change. When not
	 * set, the reloader is on for applications launched from class directories and off
	 * in tests, packaged jars and native images; true forces it on for a packaged jar.
	 */
	private Boolean enabled;

	/**
	 * How to detect changes: auto picks the best that works here.
	 */
	private ReloaderType type = ReloaderType.AUTO;

	/**
	 * How often the polling reloader checks the watched files.
	 */
	private Duration pollInterval = Duration.ofMillis(500);

	/**
	 * How long the watched files must stay unchanged before a restart, so that a build
	 * writing many files causes one restart.
	 */
	private Duration quietPeriod = Duration.ofMillis(100);

	/**
	 * How long a stopping application may take to close before it is killed.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private final Watch watch = new Watch();

	private final Watchman watchman = new Watchman();

	public Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(Boolean enabled) {
		this.enabled = enabled;
	}

	public ReloaderType getType() {
		return this.type;
	}

	public void setType(ReloaderType type) {
		this.type = requireNonNull("type", type);
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = requirePositive("poll-interval", pollInterval);
	}

	public Duration getQuietPeriod() {
		return this.quietPeriod;
	}

	public void setQuietPeriod(Duration quietPeriod) {
		requireNonNull("quiet-period", quietPeriod);
		if (quietPeriod.isNegative()) {
			throw new IllegalArgumentException(
					"reloader.quiet-period must be zero or positive, was " + quietPeriod.toMillis() + "ms");
		}
		this.quietPeriod = quietPeriod;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = requirePositive("shutdown-timeout", shutdownTimeout);
	}

	public Watch getWatch() {
		return this.watch;
	}

	public Watchman getWatchman() {
		return this.watchman;
	}

	static Duration requirePositive(String name, Duration value) {
		requireNonNull(name, value);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(
					"reloader." + name + " must be positive, was " + value.toMillis() + "ms");
		}
		return value;
	}

	static <T> T requireNonNull(String name, T value) {
		if (value == null) {
			throw new IllegalArgumentException("reloader." + name + " must not be empty");
		}
		return value;
	}

	/**
	 * What is watched.
	 */
	public static class Watch {

		/**
		 * Files or directories to watch in addition to the class path directories.
		 */
		private List<String> extraPaths = new ArrayList<>();

		/**
		 * Patterns (globs, relative to a watched directory) of changes that never cause a
		 * restart; replaces the defaults.
		 */
		private List<String> exclude = new ArrayList<>(List.of("static/**", "public/**", "resources/**",
				"templates/**", "META-INF/maven/**", "META-INF/resources/**", "git.properties",
				"META-INF/build-info.properties", "*.swp", "*~", "___jb_*___", ".#*"));

		/**
		 * Patterns of changes that never cause a restart, in addition to the exclude list.
		 */
		private List<String> additionalExclude = new ArrayList<>();

		public List<String> getExtraPaths() {
			return this.extraPaths;
		}

		public void setExtraPaths(List<String> extraPaths) {
			this.extraPaths = extraPaths;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

		public List<String> getAdditionalExclude() {
			return this.additionalExclude;
		}

		public void setAdditionalExclude(List<String> additionalExclude) {
			this.additionalExclude = additionalExclude;
		}

	}

	/**
	 * How the Watchman server is used.
	 */
	public static class Watchman {

		/**
		 * How long the Watchman server may take to answer a command.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = requirePositive("watchman.timeout", timeout);
		}

	}

}
