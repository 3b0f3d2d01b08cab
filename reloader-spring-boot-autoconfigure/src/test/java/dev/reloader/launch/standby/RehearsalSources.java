package dev.reloader.launch.standby;

/**
 * Sources of the applications that rehearsal tests compile.
 *
 * @author Reloader contributors
 */
final class RehearsalSources {

	private RehearsalSources() {
	}

	static String application(String annotations) {
		return "package app;\n" + "@org.springframework.boot.autoconfigure.SpringBootApplication\n" + annotations
				+ "\npublic class RehearsedApplication {\n}\n";
	}

	static String greeting(String text) {
		return "package app;\n" + "@org.springframework.stereotype.Component\n" + "public class Greeting {\n"
				+ "	public String text() {\n" + "		return \"" + text + "\";\n" + "	}\n" + "}\n";
	}

	/**
	 * A bean that depends on another of the application's beans and on its configuration,
	 * so that the real run wires classes of the application into each other.
	 */
	static String greetingUser() {
		return "package app;\n" + "@org.springframework.stereotype.Component\n" + "public class GreetingUser {\n"
				+ "	private final Greeting greeting;\n" + "	private final String suffix;\n"
				+ "	public GreetingUser(Greeting greeting,"
				+ " @org.springframework.beans.factory.annotation.Value(\"${greeting.suffix}\") String suffix) {\n"
				+ "		this.greeting = greeting;\n" + "		this.suffix = suffix;\n" + "	}\n"
				+ "	public String greet() {\n" + "		return this.greeting.text() + this.suffix;\n" + "	}\n" + "}\n";
	}

}
