package dev.reloader.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ArgumentFile}.
 *
 * @author Reloader contributors
 */
class ArgumentFileTests {

	@TempDir
	Path temp;

	@Test
	void shortCommandLineIsKept() throws IOException {
		List<String> commandLine = List.of("java", "-Xmx64m", "-cp", "classes", "com.example.App", "--debug");
		assertThat(ArgumentFile.shorten(commandLine)).isSameAs(commandLine);
	}

	@Test
	void longClassPathGoesIntoAnArgumentFileAndTheProgramArgumentsStay() throws IOException {
		String classPath = longClassPath();
		List<String> commandLine = List.of("java", "-Xmx64m", "-cp", classPath, "com.example.App", "-cp", "kept");
		List<String> shortened = ArgumentFile.shorten(commandLine);
		assertThat(shortened).hasSize(6);
		assertThat(shortened.subList(0, 2)).containsExactly("java", "-Xmx64m");
		assertThat(shortened.get(2)).startsWith("@");
		assertThat(shortened.subList(3, 6)).containsExactly("com.example.App", "-cp", "kept");
		Path file = Path.of(shortened.get(2).substring(1));
		assertThat(file).hasContent("-cp\n" + ArgumentFile.quote(classPath) + "\n");
	}

	@Test
	void sameClassPathReusesTheArgumentFile() throws IOException {
		List<String> commandLine = List.of("java", "-cp", longClassPath(), "com.example.App");
		assertThat(ArgumentFile.shorten(commandLine)).isEqualTo(ArgumentFile.shorten(commandLine));
	}

	@Test
	void modulePathAndClassPathGoIntoTheArgumentFileTogether() throws IOException {
		String classPath = longClassPath();
		List<String> commandLine = List.of("java", "--module-path", "mods", "-cp", classPath, "-m", "app/com.example.App");
		List<String> shortened = ArgumentFile.shorten(commandLine);
		assertThat(shortened).hasSize(4);
		assertThat(shortened.subList(2, 4)).containsExactly("-m", "app/com.example.App");
		assertThat(Path.of(shortened.get(1).substring(1)))
			.hasContent("--module-path\n\"mods\"\n-cp\n" + ArgumentFile.quote(classPath) + "\n");
	}

	@Test
	void jarLaunchIsKeptWhateverItsArgumentsLook() throws IOException {
		List<String> commandLine = List.of("java", "-jar", "app.jar", "-cp", longClassPath());
		assertThat(ArgumentFile.shorten(commandLine)).isSameAs(commandLine);
	}

	@Test
	void quoteEscapesBackslashesAndDoubleQuotes() {
		assertThat(ArgumentFile.quote("C:\\my \"app\"\\classes")).isEqualTo("\"C:\\\\my \\\"app\\\"\\\\classes\"");
	}

	@Test
	void childWithAClassPathOverTheArgumentLimitStartsAndSeesItsWholeClassPath() throws Exception {
		Path source = Files.writeString(this.temp.resolve("PrintClassPath.java"), """
				import java.nio.file.*;
				public class PrintClassPath {
					public static void main(String[] args) throws Exception {
						Files.writeString(Path.of(args[0]), System.getProperty("java.class.path"));
					}
				}
				""");
		Path odd = Files.createDirectories(this.temp.resolve("with space \"quote\" and #hash"));
		List<String> entries = new ArrayList<>();
		entries.add(odd.toString());
		while (String.join(File.pathSeparator, entries).length() < 140_000) {
			entries.add(this.temp.resolve("missing/library-" + entries.size() + ".jar").toString());
		}
		String classPath = String.join(File.pathSeparator, entries);
		Path output = this.temp.resolve("class-path.txt");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ChildProcess child = ChildProcess.start(List.of(java, "-Xshare:auto", "-cp", classPath, source.toString(),
				output.toString()), Map.of(), this.temp);
		assertThat(child.waitFor()).isZero();
		assertThat(output).hasContent(classPath);
	}

	private String longClassPath() {
		List<String> entries = new ArrayList<>();
		for (int i = 0; entries.size() < 1000; i++) {
			entries.add(this.temp.resolve("repository/org/example/library-" + i + "/1.0/library-" + i + "-1.0.jar")
				.toString());
		}
		return String.join(File.pathSeparator, entries);
	}

}
