package dev.reloader.launch.standby.gate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.reloader.launch.TestJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gate of a standby, in a JVM started with its agent: every action outside the JVM
 * is refused, and leaves nothing, until the gate opens; then every one of them works.
 *
 * @author Reloader contributors
 */
class StandbyGateTests {

	@TempDir
	Path directory;

	private TestJvm jvm;

	@AfterEach
	void stop() {
		if (this.jvm != null) {
			this.jvm.process().destroyForcibly();
		}
	}

	@Test
	void everyActionOutsideTheJvmIsRefusedUntilTheGateOpens() throws Exception {
		Path files = Files.createDirectory(this.directory.resolve("files"));
		Path privateDirectory = Files.createDirectory(this.directory.resolve("private"));
		Files.writeString(files.resolve("existing.txt"), "existing\n");
		Files.writeString(files.resolve("delete-me.txt"), "");
		Files.writeString(files.resolve("delete-me-too.txt"), "");
		Files.setLastModifiedTime(files.resolve("existing.txt"),
				java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_000L));
		Path agent = GateAgent.writeJar(this.directory);
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.jvm = TestJvm.start(this.directory, this.directory,
					List.of(GateAgent.option(agent, privateDirectory)), GateProbeMain.class.getName(), files.toString(),
					Integer.toString(server.getLocalPort()), privateDirectory.toString());
			await().atMost(TestJvm.PATIENCE).until(() -> !this.jvm.process().isAlive());
		}
		String output = this.jvm.output();
		assertThat(this.jvm.process().exitValue()).as(output).isZero();
		List<String> before = lines(output, "before ");
		List<String> after = lines(output, "after ");
		assertThat(before).hasSize(25);
		assertThat(before).filteredOn((line) -> !line.endsWith(": refused"))
			.containsExactly("before read: done", "before private write: done", "before private delete: done");
		assertThat(after).hasSize(25).allMatch((line) -> line.endsWith(": done"));
		// The warm-up's allowance: loopback sockets from its own thread, nothing else
		assertThat(lines(output, "loopback ")).containsExactly("loopback bind loopback: done",
				"loopback connect loopback: done", "loopback connect loopback channel: done",
				"loopback bind all: refused", "loopback write: refused");
		assertThat(output).contains("closed: true").contains("refusals: 22").contains("closed: false");
		// Nothing of a refused action remains: the existing files as they were, none made
		assertThat(output).contains("left: existing 1500000000000 [delete-me-too.txt, delete-me.txt, existing.txt]");
		try (Stream<Path> made = Files.list(files)) {
			assertThat(made.map((file) -> file.getFileName().toString()))
				.contains("after-appended.txt", "after-nio.txt", "after.sock")
				.doesNotContain("delete-me.txt", "delete-me-too.txt", "loopback.txt");
		}
		try (Stream<Path> left = Files.list(privateDirectory)) {
			assertThat(left).isEmpty();
		}
	}

	@Test
	void jvmWithoutTheAgentHasNoGate() throws IOException {
		assertThat(StandbyGate.isClosed()).isFalse();
		assertThat(StandbyGate.privateDirectory()).isNull();
		assertThat(StandbyGate.refusedSince(0)).isNull();
	}

	private static List<String> lines(String output, String prefix) {
		return output.lines().filter((line) -> line.startsWith(prefix)).toList();
	}

}
