package dev.reloader.autoconfigure;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.reloader.launch.TestJvm;
import dev.reloader.launch.springapp.SpringChildApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReloaderLaunchListener} with a real Spring Boot application, launched
 * with a plain {@code SpringApplication.run} in its own JVM.
 *
 * @author Reloader contributors
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ReloaderLaunchListenerProcessTests {

	@TempDir
	Path directory;

	@TempDir
	Path classes;

	private TestJvm application;

	@AfterEach
	void destroy() {
		if (this.application != null) {
			this.application.destroy();
		}
	}

	@Test
	void invalidPropertyStopsTheLaunchNamingPropertyAndValue() throws Exception {
		this.application = TestJvm.start(this.directory, this.classes, List.of(),
				SpringChildApplication.class.getName(), "--reloader.poll-interval=-5s");
		assertThat(this.application.awaitExit()).isEqualTo(1);
		assertThat(this.application.output()).contains("Property: reloader.poll-interval")
			.contains("Value: \"-5s\"")
			.contains("reloader.poll-interval must be positive, was -5000ms")
			.doesNotContain("Application started");
	}

	@Test
	void applicationLaunchedWithADebugAgentReloadsWithItsOwnAgentAndStopsCleanlyOnCtrlC() throws Exception {
		int launchedPort = freePort();
		int childPort = freePort();
		TestJvm.compile(this.classes, "app.Marker", "package app; class Marker { }", 1);
		this.application = TestJvm.start(TestJvm.interruptible("setsid"), this.directory, this.classes,
				List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + launchedPort),
				SpringChildApplication.class.getName(), "--reloader.debug-port=" + childPort,
				"--reloader.poll-interval=100ms", "--reloader.quiet-period=50ms");
		String attach = "Debugger can attach to 127.0.0.1:" + childPort;
		this.application.awaitOutput(attach, 1);
		this.application.awaitOutput("Watching for file changes with", 1);
		assertThat(jdwpHandshake(childPort)).isEqualTo("JDWP-Handshake");
		TestJvm.compile(this.classes, "app.Marker", "package app; class Marker { int changed; }", 2);
		this.application.awaitOutput(attach, 2);
		this.application.awaitOutput("Watching for file changes with", 2);
		assertThat(this.application.count("Reloading")).isOne();
		assertThat(this.application.count("Listening for transport dt_socket at address: " + launchedPort)).isOne();
		TestJvm.signal("INT", -this.application.pid());
		assertThat(this.application.awaitExit()).isEqualTo(130);
		assertThat(this.application.count("PreDestroy called")).isEqualTo(2);
		assertThat(this.application.output()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private static String jdwpHandshake(int port) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			byte[] handshake = "JDWP-Handshake".getBytes(StandardCharsets.US_ASCII);
			socket.getOutputStream().write(handshake);
			byte[] answer = new byte[handshake.length];
			new DataInputStream(socket.getInputStream()).readFully(answer);
			return new String(answer, StandardCharsets.US_ASCII);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
