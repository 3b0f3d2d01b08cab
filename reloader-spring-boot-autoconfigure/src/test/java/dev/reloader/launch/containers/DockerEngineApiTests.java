package dev.reloader.launch.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link DockerEngineApi} against the real Docker Engine, started with the
 * {@code docker} command. Skipped where no engine answers, unless
 * {@code DOCKER_TESTS_REQUIRED=true}.
 *
 * @author Reloader contributors
 */
class DockerEngineApiTests {

	@TempDir
	Path directory;

	private final String run = UUID.randomUUID().toString();

	@AfterEach
	void removeContainers() throws Exception {
		String ids = docker("ps", "--all", "--quiet", "--filter", "label=test.run=" + this.run).trim();
		if (!ids.isEmpty()) {
			docker(("rm --force " + ids.replace('\n', ' ')).split(" "));
		}
	}

	@Test
	void listsContainersByAllTheirLabelsAndRemovesThem() throws Exception {
		DockerEngineApi engine = engine();
		String first = docker("run", "--detach", "--label", "test.run=" + this.run, "--label", "test.role=first",
				"reloader-test/busybox:1").trim();
		String second = docker("create", "--label", "test.run=" + this.run, "--label", "test.role=second",
				"reloader-test/busybox:1").trim();

		List<Map<String, Object>> all = engine.containers(List.of("test.run=" + this.run));
		assertThat(all).extracting((container) -> container.get("Id")).containsExactlyInAnyOrder(first, second);
		assertThat(engine.containers(List.of("test.run=" + this.run, "test.role=second")))
			.extracting((container) -> container.get("Id"))
			.containsExactly(second);
		assertThat(all).filteredOn((container) -> first.equals(container.get("Id")))
			.singleElement()
			.extracting((container) -> ((Map<?, ?>) container.get("Labels")).get("test.role"))
			.isEqualTo("first");

		engine.remove(first);
		engine.remove(second);
		assertThat(engine.containers(List.of("test.run=" + this.run))).isEmpty();
		engine.remove(first);
	}

	@Test
	void engineOnlyOnALocalSocketThatExists() throws IOException {
		assertThat(DockerEngineApi.locate("tcp://127.0.0.1:2375")).isNull();
		assertThat(DockerEngineApi.locate("unix://" + this.directory.resolve("missing.sock"))).isNull();
		Path socket = Files.createFile(this.directory.resolve("docker.sock"));
		assertThat(DockerEngineApi.locate("unix://" + socket).getSocket()).isEqualTo(socket);
	}

	@Test
	void socketWithoutAnEngineIsAnError() throws IOException {
		Path notASocket = Files.createFile(this.directory.resolve("docker.sock"));
		assertThatIOException().isThrownBy(() -> new DockerEngineApi(notASocket).containers(List.of("a=b")));
	}

	private DockerEngineApi engine() {
		DockerEngineApi engine = DockerEngineApi.locate(System.getenv("DOCKER_HOST"));
		String problem = (engine == null) ? "no Docker Engine socket" : null;
		if (problem == null) {
			try {
				docker("image", "inspect", "reloader-test/busybox:1");
			}
			catch (Exception ex) {
				problem = "no Docker Engine with the image reloader-test/busybox:1 (" + ex.getMessage() + ")";
			}
		}
		if (problem != null) {
			String message = problem + "; run .ci/install-docker.sh as root";
			if ("true".equals(System.getenv("DOCKER_TESTS_REQUIRED"))) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		return engine;
	}

	private static String docker(String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 1];
		command[0] = "docker";
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException(String.join(" ", command) + " failed: " + output);
		}
		return output;
	}

}
