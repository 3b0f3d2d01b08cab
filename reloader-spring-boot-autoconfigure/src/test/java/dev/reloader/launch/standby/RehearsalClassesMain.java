package dev.reloader.launch.standby;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import dev.reloader.launch.TestJvm;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * Rehearses an application whose class files the test compiled, changes one of them, then
 * runs the application for real in the same JVM, as a standby does after go, and prints
 * what the real run sees.
 *
 * @author Reloader contributors
 */
public final class RehearsalClassesMain {

	private RehearsalClassesMain() {
	}

	public static void main(String[] args) throws Exception {
		Path classes = Path.of(args[0]);
		Set<String> threadsBefore = threadNames();
		String[] arguments = { "--greeting.suffix=!" };
		new StandbyRehearsal("app.RehearsedApplication", arguments, () -> false).run();
		// The web server's utility threads end a moment after it is destroyed
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> threadsLeft(threadsBefore).isEmpty());
		}
		catch (ConditionTimeoutException ex) {
			// Reported below
		}
		System.out.println("rehearsed: threads-left=" + threadsLeft(threadsBefore));
		// The class file changes after the rehearsal read it: the real run must see the change
		TestJvm.compile(classes, "app.Greeting", RehearsalSources.greeting("v2"), 2);
		try (ConfigurableApplicationContext context = SpringApplication.run(
				Class.forName("app.RehearsedApplication"), "--spring.main.web-application-type=none",
				"--reloader.enabled=false",
				"--greeting.suffix=?")) {
			Class<?> greetingType = Class.forName("app.Greeting");
			Object greeting = greetingType.cast(context.getBean(greetingType));
			Class<?> userType = Class.forName("app.GreetingUser");
			Object user = userType.cast(context.getBean(userType));
			System.out.println("real run: greeting=" + greetingType.getMethod("text").invoke(greeting) + " user="
					+ userType.getMethod("greet").invoke(user) + " system-loader="
					+ (greeting.getClass().getClassLoader() == ClassLoader.getSystemClassLoader()
							&& user.getClass().getClassLoader() == ClassLoader.getSystemClassLoader()));
		}
	}

	private static Set<String> threadsLeft(Set<String> before) {
		Set<String> left = threadNames();
		left.removeAll(before);
		return left;
	}

	private static Set<String> threadNames() {
		Set<String> names = new TreeSet<>();
		Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("awaitility"))
			.forEach(names::add);
		return names;
	}

}
