package dev.reloader.autoconfigure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reloader.launch.Activation;
import dev.reloader.launch.BaselineFile;
import dev.reloader.launch.ChangeWait;
import dev.reloader.launch.ChildCommand;
import dev.reloader.launch.ClassPathDirectories;
import dev.reloader.launch.ChildExit;
import dev.reloader.launch.ChildStarter;
import dev.reloader.launch.CrashAction;
import dev.reloader.launch.DebugAgent;
import dev.reloader.launch.DevtoolsRestart;
import dev.reloader.launch.LastRestart;
import dev.reloader.launch.ParentWatch;
import dev.reloader.launch.Supervisor;
import dev.reloader.launch.Terminal;
import dev.reloader.launch.WatchSetChangeWait;
import dev.reloader.launch.containers.DevelopmentContainers;
import dev.reloader.launch.frontdoor.FrontDoor;
import dev.reloader.launch.standby.ClassDataSharing;
import dev.reloader.launch.standby.StandbyMain;
import dev.reloader.launch.standby.StandbyRehearsal;
import dev.reloader.launch.standby.StandbyWarmup;
import dev.reloader.watch.ReloaderSelector;
import dev.reloader.watch.StatReloader;
import dev.reloader.watch.WatchSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.ansi.AnsiOutput;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns the launched JVM into the {@link Supervisor} as soon as the application's
 * environment is prepared: {@code application.yml}, profiles, environment variables and
 * command-line arguments are known and logging is initialized, but no application context
 * exists yet. The launched JVM then never returns into the application's {@code main}; it
 * runs the application in child JVMs and exits as the {@link Supervisor} decides. There,
 * the {@link SupervisorLaunchListener} usually calls it ahead of its turn, right after
 * logging is initialized.
 * <p>
 * Registered in {@code META-INF/spring.factories}, so a plain
 * {@code SpringApplication.run(...)} reloads with nothing but the starter on the class
 * path. Where the reloader is off, it does nothing. In a child JVM, it adds the
 * {@link DevelopmentDefaults}, keeps Docker Compose services running across restarts
 * ({@link DockerComposeServices}), makes the child end itself when its supervisor is gone, and
 * says where a debugger can attach. The supervisor keeps the application's container beans
 * for its whole life and removes them when it ends ({@link DevelopmentContainers}).
 *
 * @author Reloader contributors
 */
public class ReloaderLaunchListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final Log logger = LogFactory.getLog(ReloaderLaunchListener.class);

	/**
	 * The longest an orphaned child may take to close before it halts.
	 */
	private static final Duration ORPHAN_EXIT_DEADLINE = Duration.ofMillis(1500);

	private static final AtomicBoolean decided = new AtomicBoolean();

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (isAside(event) || !decided.compareAndSet(false, true)) {
			return;
		}
		ConfigurableEnvironment environment = event.getEnvironment();
		if (Supervisor.isChild()) {
			StartFailureHandOver.arm();
		}
		ReloaderProperties properties = ReloaderPropertiesBinder.bind(environment);
		if (Supervisor.isChild()) {
			startChild(properties, environment);
			return;
		}
		UnknownReloaderProperties.warn(environment);
		ChildCommand command = launchedCommand(event);
		String inactiveReason = Activation.inactiveReason(properties.getEnabled(), command,
				new Throwable().getStackTrace());
		if (inactiveReason != null) {
			logger.info("Reloader is off: " + inactiveReason);
			return;
		}
		System.exit(supervise(command, properties, environment, event.getSpringApplication()));
	}

	/**
	 * Return whether {@link #onApplicationEvent} will turn this JVM into the supervisor
	 * for the given event. Does nothing else: a property that does not bind makes it
	 * return {@code false}, and {@link #onApplicationEvent} reports it.
	 * @param event the event
	 * @return {@code true} if this JVM becomes the supervisor
	 */
	static boolean supervises(ApplicationEnvironmentPreparedEvent event) {
		if (isAside(event) || decided.get() || Supervisor.isChild()) {
			return false;
		}
		try {
			ReloaderProperties properties = ReloaderPropertiesBinder.bind(event.getEnvironment());
			return Activation.inactiveReason(properties.getEnabled(), launchedCommand(event),
					new Throwable().getStackTrace()) == null;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Whether the event belongs to a run that the reloader leaves alone: a standby's
	 * warm-up or rehearsal.
	 */
	private static boolean isAside(ApplicationEnvironmentPreparedEvent event) {
		return StandbyWarmup.isWarmup(event.getSpringApplication())
				|| StandbyRehearsal.isRehearsal(event.getEnvironment());
	}

	private static ChildCommand launchedCommand(ApplicationEnvironmentPreparedEvent event) {
		return ChildCommand.ofCurrentJvm(Arrays.asList(event.getArgs()),
				event.getSpringApplication().getMainApplicationClass());
	}

	private void startChild(ReloaderProperties properties, ConfigurableEnvironment environment) {
		LastRestart.current();
		if (logger.isDebugEnabled()) {
			StandbyMain.outcome().forEach(logger::debug);
		}
		keepColours(environment);
		FrontDoorSetup.makePortsPrivate(environment);
		ClassLoader classLoader = getClass().getClassLoader();
		DevelopmentDefaults.apply(environment, properties.getDevDefaults().isEnabled(),
				DevtoolsRestart.isPresent(classLoader), classLoader);
		DockerComposeServices.keepRunningInChild(environment, classLoader);
		Duration deadline = (properties.getShutdownTimeout().compareTo(ORPHAN_EXIT_DEADLINE) < 0)
				? properties.getShutdownTimeout() : ORPHAN_EXIT_DEADLINE;
		ParentWatch.whenSupervisorExits(() -> ChildExit.exit(1, deadline));
		DebugAgent agent = DebugAgent.find(ManagementFactory.getRuntimeMXBean().getInputArguments());
		if (agent != null && agent.isServer()) {
			logger.info("Debugger can attach to " + agent.getAddress() + " (application pid "
					+ ProcessHandle.current().pid() + ")");
		}
	}

	private int supervise(ChildCommand command, ReloaderProperties properties, ConfigurableEnvironment environment,
			SpringApplication application) {
		Path workingDirectory = Paths.get(System.getProperty("user.dir"));
		ChildCommand childCommand = command.withJvmOptions(
				DebugAgent.forChild(command.getJvmOptions(), properties.getDebugPort(), properties.isDebugSuspend()));
		boolean devtools = DevtoolsRestart.isPresent(getClass().getClassLoader());
		if (devtools) {
			logger.info("spring-boot-devtools is on the class path; its restart is turned off in favour of the "
					+ "reloader (LiveReload and other devtools features keep working)");
			childCommand = DevtoolsRestart.turnOff(childCommand);
		}
		logger.info("Running the application in a child JVM that restarts when its files change (supervisor pid "
				+ ProcessHandle.current().pid() + ")");
		buildOutdatedSources(properties, childCommand, workingDirectory);
		List<FrontDoor.Port> ports;
		try {
			ports = FrontDoorSetup.ports(properties, environment, application, childCommand);
		}
		catch (UnknownHostException ex) {
			logger.error("server.address or management.server.address names no known host: " + ex.getMessage());
			return 1;
		}
		Runnable composeStop = DockerComposeServices.stopWhenSupervisorEnds(environment, getClass().getClassLoader());
		DevelopmentContainers containers = DevelopmentContainers.of(childCommand, getClass().getClassLoader());
		containers.removeLeftovers();
		childCommand = containers.prepare(childCommand);
		try (FrontDoor frontDoor = ports.isEmpty() ? FrontDoor.none()
				: FrontDoor.open(ports, properties.getFrontDoor().getTimeout());
				BaselineFile baselineFile = BaselineFile.create()) {
			if (!ports.isEmpty()) {
				FrontDoorSetup.logPorts(frontDoor, ports);
				childCommand = childCommand.withEnvironmentVariable(FrontDoor.CHILD_VARIABLE, frontDoor.doorNames());
			}
			childCommand = childCommand.withEnvironmentVariable(BaselineFile.VARIABLE,
					baselineFile.getPath().toString());
			childCommand = childCommand.withEnvironmentVariable(StandbyMain.REHEARSAL_VARIABLE,
					Boolean.toString(properties.getChild().isStandbyRehearsal()));
			takeFirstBaseline(properties, childCommand, workingDirectory, baselineFile);
			ChangeWait changeWait = changeWait(properties, childCommand, workingDirectory, baselineFile);
			ChildStarter starter = new ChildStarter(childCommand, workingDirectory,
					starterSettings(properties, devtools));
			Supervisor supervisor = new Supervisor(starter, properties.getShutdownTimeout(), properties.getOnCrash(),
					changeWait);
			supervisor.restartOnTerminalCommand(properties.getRestartCommand());
			supervisor.relayThrough(frontDoor);
			if (!ports.isEmpty() && properties.getChild().isOverlap()) {
				supervisor.startNextWhileClosing();
			}
			return supervisor.run();
		}
		catch (BindException ex) {
			logger.error(ex.getMessage());
			return 1;
		}
		catch (IOException ex) {
			logger.error("Failed to start the application in a child JVM: " + childCommand, ex);
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
		finally {
			composeStop.run();
			containers.removeOwn();
		}
	}

	/**
	 * Look at the watched files once before the first child starts, so that it also sees
	 * what changes while it starts.
	 */
	private static void takeFirstBaseline(ReloaderProperties properties, ChildCommand command,
			Path workingDirectory, BaselineFile baselineFile) {
		WatchSet classes = ClassPathWatchSet.create(properties, command.getClassPathEntries(), workingDirectory);
		WatchSet sources = ClassPathWatchSet.sources(properties, workingDirectory);
		WatchSet watched = (sources != null) ? WatchSet.builder().add(classes).add(sources).build() : classes;
		try (StatReloader reloader = new StatReloader(watched, properties.getPollInterval())) {
			reloader.start();
			baselineFile.handOver(reloader);
		}
		catch (IOException ex) {
			logger.debug("Cannot look at the watched files before the application starts", ex);
		}
	}

	/**
	 * Build the sources that changed while the application was not running, with the
	 * build command, or say how many there are.
	 */
	private static void buildOutdatedSources(ReloaderProperties properties, ChildCommand command,
			Path workingDirectory) {
		List<Path> outdated = OutdatedClasses.find(properties.getBuild().getWatch(), workingDirectory,
				ClassPathDirectories.of(command.getClassPathEntries()));
		if (outdated.isEmpty()) {
			return;
		}
		String sources = (outdated.size() == 1) ? "1 source is" : outdated.size() + " sources are";
		String example = workingDirectory.relativize(outdated.get(0)).toString();
		String buildCommand = properties.getBuild().getCommand();
		if (buildCommand == null) {
			logger.info(sources + " newer than the classes built from them (" + example + ((outdated.size() > 1)
					? " and others" : "") + "): the application starts with the classes it has. Build them, or "
					+ "set reloader.build.command to build them before the application starts");
			return;
		}
		logger.info(sources + " newer than the classes built from them (" + example
				+ ((outdated.size() > 1) ? " and others" : "") + "): building before the application starts");
		new SourceBuild(buildCommand, workingDirectory).buildNow();
	}

	/**
	 * Return the restart techniques to use. spring-boot-devtools keeps JVM-wide state of
	 * its own (its restarter and LiveReload server), which a standby's warm-up would
	 * leave behind, so with devtools children always start cold.
	 */
	private static ChildStarter.Settings starterSettings(ReloaderProperties properties, boolean devtools) {
		ReloaderProperties.Child child = properties.getChild();
		if (devtools && child.isStandby()) {
			logger.debug("No warm standby: spring-boot-devtools is on the class path");
		}
		Path cacheDirectory = (child.getCacheDirectory() != null) ? child.getCacheDirectory()
				: ClassDataSharing.defaultCacheDirectory();
		return new ChildStarter.Settings(child.isOptimizedLaunch(), child.isClassDataSharing(), cacheDirectory,
				child.getClassDataSharingArchives(), child.isStandby() && !devtools, child.getStandbyWarmupRounds());
	}

	/**
	 * Keep coloured logs in a child whose standard input is a pipe from the supervisor:
	 * Spring Boot's detection would see no console and turn colours off, although the
	 * output still goes to the terminal.
	 */
	private void keepColours(ConfigurableEnvironment environment) {
		if (AnsiOutput.getEnabled() == AnsiOutput.Enabled.DETECT
				&& !environment.containsProperty("spring.output.ansi.enabled")
				&& !environment.containsProperty("spring.output.ansi.console-available")
				&& !Terminal.isTerminal(Terminal.STANDARD_INPUT) && Terminal.isTerminal(Terminal.STANDARD_OUTPUT)
				&& !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
			AnsiOutput.setEnabled(AnsiOutput.Enabled.ALWAYS);
		}
	}

	private ChangeWait changeWait(ReloaderProperties properties, ChildCommand command, Path workingDirectory,
			BaselineFile baselineFile) {
		if (properties.getOnCrash() != CrashAction.WAIT) {
			return null;
		}
		WatchSet watchSet = ClassPathWatchSet.create(properties, command.getClassPathEntries(), workingDirectory);
		ReloaderSelector selector = new ReloaderSelector(properties.getType(), properties.getPollInterval(),
				properties.getWatchman().getTimeout());
		return new WatchSetChangeWait(watchSet, () -> selector.select(watchSet).reloader(),
				properties.getQuietPeriod(), baselineFile);
	}

}
