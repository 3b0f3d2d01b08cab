package dev.reloader.launch.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DevelopmentContainers}.
 *
 * @author Reloader contributors
 */
class DevelopmentContainersTests {

	@TempDir
	Path directory;

	@Test
	void runningSupervisorIsRecognizedByItsPidAndStartTime() {
		String self = DevelopmentContainers.supervisorId(ProcessHandle.current());
		assertThat(self).startsWith(ProcessHandle.current().pid() + "@");
		assertThat(DevelopmentContainers.isRunning(self)).isTrue();
	}

	@Test
	void supervisorWithTheSamePidButAnotherStartTimeIsGone() {
		long pid = ProcessHandle.current().pid();
		assertThat(DevelopmentContainers.isRunning(pid + "@1")).isFalse();
	}

	@Test
	void supervisorWhoseProcessEndedIsGone() throws Exception {
		Process process = new ProcessBuilder("true").start();
		String id = DevelopmentContainers.supervisorId(process.toHandle());
		process.waitFor();
		assertThat(DevelopmentContainers.isRunning(id)).isFalse();
		assertThat(DevelopmentContainers.isRunning("not-a-pid@0")).isFalse();
	}

	@Test
	void applicationIsNamedByItsMainClassAndClassDirectories() throws Exception {
		Path classes = Files.createDirectories(this.directory.resolve("classes"));
		Path other = Files.createDirectories(this.directory.resolve("other"));
		Path jar = Files.createFile(this.directory.resolve("library.jar"));
		String id = DevelopmentContainers.applicationId("com.example.Main", List.of(classes, jar));
		assertThat(id).hasSize(16).isEqualTo(DevelopmentContainers.applicationId("com.example.Main", List.of(classes)));
		assertThat(DevelopmentContainers.applicationId("com.example.Other", List.of(classes))).isNotEqualTo(id);
		assertThat(DevelopmentContainers.applicationId("com.example.Main", List.of(other))).isNotEqualTo(id);
	}

}
