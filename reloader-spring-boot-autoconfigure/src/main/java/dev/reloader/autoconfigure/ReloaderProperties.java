package dev.reloader.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.reloader.launch.CrashAction;
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
	 * writing many files causes one restart; changes that cannot be a build half done
	 * wait only the short quiet period.
	 */
	private Duration quietPeriod = Duration.ofMillis(300);

	/**
	 * How long the watched files must stay unchanged before a restart when the changes
	 * cannot be a build half done: class files written with no deletion (an IDE's
	 * incremental build), or the output of a Maven compile that has written its compiler
	 * status; set it to the quiet period's value to always wait the whole quiet period.
	 */
	private Duration shortQuietPeriod = Duration.ofMillis(50);

	/**
	 * How long the watched files must stay unchanged before a restart while every class
	 * file change seen is a deletion, since builds delete stale class files seconds before
	 * they write the new ones.
	 */
	private Duration deletionQuietPeriod = Duration.ofSeconds(10);

	/**
	 * File (relative to the working directory) whose change alone restarts the
	 * application; when set, other changes wait for it and are reported with it.
	 */
	private Path triggerFile;

	/**
	 * Line that, typed into the terminal the application was launched from, restarts it
	 * (other lines reach the application's standard input); empty to leave the terminal
	 * to the application.
	 */
	private String restartCommand = "rs";

	/**
	 * How long a stopping application may take to close before it is killed.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * What to do when the application exits with a code other than 0 and 3: wait for a
	 * file change and start it again, or exit with its code.
	 */
	private CrashAction onCrash = CrashAction.WAIT;

	/**
	 * Port on which the application's debug agent listens when the launched JVM runs with
	 * a JDWP agent. When not set: the launched agent's port + 1 if it listens, else a
	 * free port.
	 */
	private Integer debugPort;

	/**
	 * Whether the application waits for a debugger to attach before it starts, when the
	 * launched JVM runs with a JDWP agent.
	 */
	private boolean debugSuspend;

	private final Watch watch = new Watch();

	private final Build build = new Build();

	private final Child child = new Child();

	private final Watchman watchman = new Watchman();

	private final BrowserRefresh browserRefresh = new BrowserRefresh();

	private final DevDefaults devDefaults = new DevDefaults();

	private final FrontDoor frontDoor = new FrontDoor();

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
		this.quietPeriod = requireNotNegative("quiet-period", quietPeriod);
	}

	public Duration getShortQuietPeriod() {
		return this.shortQuietPeriod;
	}

	public void setShortQuietPeriod(Duration shortQuietPeriod) {
		this.shortQuietPeriod = requireNotNegative("short-quiet-period", shortQuietPeriod);
	}

	public Duration getDeletionQuietPeriod() {
		return this.deletionQuietPeriod;
	}

	public void setDeletionQuietPeriod(Duration deletionQuietPeriod) {
		this.deletionQuietPeriod = requireNotNegative("deletion-quiet-period", deletionQuietPeriod);
	}

	public Path getTriggerFile() {
		return this.triggerFile;
	}

	public void setTriggerFile(Path triggerFile) {
		this.triggerFile = triggerFile;
	}

	public String getRestartCommand() {
		return this.restartCommand;
	}

	public void setRestartCommand(String restartCommand) {
		this.restartCommand = (restartCommand != null) ? restartCommand.strip() : "";
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = requirePositive("shutdown-timeout", shutdownTimeout);
	}

	public CrashAction getOnCrash() {
		return this.onCrash;
	}

	public void setOnCrash(CrashAction onCrash) {
		this.onCrash = requireNonNull("on-crash", onCrash);
	}

	public Integer getDebugPort() {
		return this.debugPort;
	}

	public void setDebugPort(Integer debugPort) {
		if (debugPort != null && (debugPort < 1 || debugPort > 65535)) {
			throw new IllegalArgumentException("reloader.debug-port must be between 1 and 65535, was " + debugPort);
		}
		this.debugPort = debugPort;
	}

	public boolean isDebugSuspend() {
		return this.debugSuspend;
	}

	public void setDebugSuspend(boolean debugSuspend) {
		this.debugSuspend = debugSuspend;
	}

	public Watch getWatch() {
		return this.watch;
	}

	public Build getBuild() {
		return this.build;
	}

	public Child getChild() {
		return this.child;
	}

	static Duration requireNotNegative(String name, Duration value) {
		requireNonNull(name, value);
		if (value.isNegative()) {
			throw new IllegalArgumentException(
					"reloader." + name + " must be zero or positive, was " + value.toMillis() + "ms");
		}
		return value;
	}

	static List<String> requireNoBlanks(String name, List<String> values) {
		requireNonNull(name, values);
		for (String value : values) {
			if (value == null || value.isBlank()) {
				throw new IllegalArgumentException("reloader." + name + " must not contain blank entries, was "
						+ values);
			}
		}
		return values;
	}

	public Watchman getWatchman() {
		return this.watchman;
	}

	public BrowserRefresh getBrowserRefresh() {
		return this.browserRefresh;
	}

	public DevDefaults getDevDefaults() {
		return this.devDefaults;
	}

	public FrontDoor getFrontDoor() {
		return this.frontDoor;
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
		 * Files, directories or glob patterns (such as config/*.yml), relative to the
		 * working directory, to watch in addition to the class path directories.
		 */
		private List<String> extraPaths = new ArrayList<>();

		/**
		 * Patterns (globs, relative to a watched directory) of changes that never cause a
		 * restart; replaces the defaults.
		 */
		private List<String> exclude = new ArrayList<>(List.of("static/**", "public/**", "resources/**",
				"templates/**", "META-INF/maven/**", "META-INF/resources/**", "**/test-classes/**",
				"**/classes/*/test/**", "git.properties", "META-INF/build-info.properties", "*.swp", "*~",
				"*___jb_*___", ".#*"));

		/**
		 * Patterns of changes that never cause a restart, in addition to the exclude list.
		 */
		private List<String> additionalExclude = new ArrayList<>();

		public List<String> getExtraPaths() {
			return this.extraPaths;
		}

		public void setExtraPaths(List<String> extraPaths) {
			this.extraPaths = requireNoBlanks("watch.extra-paths", extraPaths);
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = requireNoBlanks("watch.exclude", exclude);
		}

		public List<String> getAdditionalExclude() {
			return this.additionalExclude;
		}

		public void setAdditionalExclude(List<String> additionalExclude) {
			this.additionalExclude = requireNoBlanks("watch.additional-exclude", additionalExclude);
		}

	}

	/**
	 * A build step run when sources change.
	 */
	public static class Build {

		/**
		 * Command (run with sh -c, or cmd /c on Windows, in the working directory) that
		 * compiles changed sources, such as "mvn -q compile"; its class output then
		 * restarts the application.
		 */
		private String command;

		/**
		 * Patterns, relative to the working directory, of the sources whose change runs
		 * the build command.
		 */
		private List<String> watch = new ArrayList<>(
				List.of("src/main/java/**", "src/main/resources/**", "src/main/kotlin/**"));

		public String getCommand() {
			return this.command;
		}

		public void setCommand(String command) {
			this.command = (command != null && !command.isBlank()) ? command.strip() : null;
		}

		public List<String> getWatch() {
			return this.watch;
		}

		public void setWatch(List<String> watch) {
			this.watch = requireNoBlanks("build.watch", watch);
		}

	}

	/**
	 * How children are started, for fast restarts.
	 */
	public static class Child {

		/**
		 * Whether to start children with options that start a JVM faster: C1-only JIT
		 * (-XX:TieredStopAtLevel=1), which runs hot code slower, the serial collector
		 * (-XX:+UseSerialGC) and a small initial heap (-Xms32m); JIT, collector and heap
		 * size options of your own are kept.
		 */
		private boolean optimizedLaunch = true;

		/**
		 * Whether to build a class-data sharing archive of the dependency jars in the
		 * background and start later children with it.
		 */
		private boolean classDataSharing = true;

		/**
		 * Where class-data sharing archives are kept; by default
		 * $XDG_CACHE_HOME/reloader/cds or ~/.cache/reloader/cds.
		 */
		private Path cacheDirectory;

		/**
		 * How many class-data sharing archives the cache keeps for each application (its
		 * main class and class directories), the most recently used; older ones, and any
		 * unused for 30 days, are removed and built again when needed.
		 */
		private int classDataSharingArchives = 3;

		/**
		 * Whether to keep a warm standby child ready for the next restart.
		 */
		private boolean standby = true;

		/**
		 * How many throwaway application contexts a standby child runs to warm up before
		 * it waits.
		 */
		private int standbyWarmupRounds = 2;

		/**
		 * Whether a standby child rehearses the application's own context (off the
		 * database, the network and the disk, in a class loader that is dropped
		 * afterwards) before it waits, in place of one warm-up round.
		 */
		private boolean standbyRehearsal = true;

		/**
		 * Whether, behind the front door, the next child starts as soon as the previous
		 * one has handed over what it saw, while the previous one still closes; false
		 * makes each child wait until the previous one has exited.
		 */
		private boolean overlap = true;

		public boolean isOptimizedLaunch() {
			return this.optimizedLaunch;
		}

		public void setOptimizedLaunch(boolean optimizedLaunch) {
			this.optimizedLaunch = optimizedLaunch;
		}

		public boolean isClassDataSharing() {
			return this.classDataSharing;
		}

		public void setClassDataSharing(boolean classDataSharing) {
			this.classDataSharing = classDataSharing;
		}

		public Path getCacheDirectory() {
			return this.cacheDirectory;
		}

		public void setCacheDirectory(Path cacheDirectory) {
			this.cacheDirectory = cacheDirectory;
		}

		public int getClassDataSharingArchives() {
			return this.classDataSharingArchives;
		}

		public void setClassDataSharingArchives(int classDataSharingArchives) {
			if (classDataSharingArchives < 1) {
				throw new IllegalArgumentException(
						"reloader.child.class-data-sharing-archives must be at least 1, was " + classDataSharingArchives);
			}
			this.classDataSharingArchives = classDataSharingArchives;
		}

		public boolean isStandby() {
			return this.standby;
		}

		public void setStandby(boolean standby) {
			this.standby = standby;
		}

		public boolean isStandbyRehearsal() {
			return this.standbyRehearsal;
		}

		public void setStandbyRehearsal(boolean standbyRehearsal) {
			this.standbyRehearsal = standbyRehearsal;
		}

		public boolean isOverlap() {
			return this.overlap;
		}

		public void setOverlap(boolean overlap) {
			this.overlap = overlap;
		}

		public int getStandbyWarmupRounds() {
			return this.standbyWarmupRounds;
		}

		public void setStandbyWarmupRounds(int standbyWarmupRounds) {
			if (standbyWarmupRounds < 0 || standbyWarmupRounds > 10) {
				throw new IllegalArgumentException(
						"reloader.child.standby-warmup-rounds must be between 0 and 10, was " + standbyWarmupRounds);
			}
			this.standbyWarmupRounds = standbyWarmupRounds;
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

	/**
	 * Pages that refresh themselves.
	 */
	public static class BrowserRefresh {

		/**
		 * Whether HTML pages served by the application get a small script that reloads
		 * them once the application is back after a restart, and after a template or
		 * static file edit.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Development defaults of the application run by the reloader.
	 */
	public static class DevDefaults {

		/**
		 * Whether the application run by the reloader gets development defaults (template
		 * caches off, static resources uncached, error details in responses, no Reactor
		 * Netty shutdown quiet period); a value of the application's own always wins.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The application's ports, held by the supervisor across restarts.
	 */
	public static class FrontDoor {

		/**
		 * Whether the supervisor listens on the application's port (and management port)
		 * and relays each connection to the current child, so that a request made during
		 * a restart waits for the new application instead of being refused.
		 */
		private boolean enabled = true;

		/**
		 * How long a request waits for the application to be ready before it is answered
		 * with a 503.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = requirePositive("front-door.timeout", timeout);
		}

	}

}
