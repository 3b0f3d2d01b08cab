package dev.reloader.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeapTrim}, each in a G1 JVM of its own whose heap a burst of garbage
 * has grown.
 *
 * @author Reloader contributors
 */
class HeapTrimTests {

	private static final Pattern RESULT = Pattern
		.compile("committed before=(\\d+) after=(\\d+) kept=8 min-free=(\\d+) max-free=(\\d+)");

	@TempDir
	Path directory;

	private TestJvm jvm;

	@AfterEach
	void stop() {
		if (this.jvm != null) {
			this.jvm.destroy();
		}
	}

	@Test
	void trimShrinksTheHeapToAboutWhatIsLiveAndKeepsTheRatiosLow() throws Exception {
		Matcher result = run(20);
		long before = Long.parseLong(result.group(1));
		long after = Long.parseLong(result.group(2));
		assertThat(after).as("committed MB after, of " + before).isLessThan(before / 2).isLessThanOrEqualTo(32);
		assertThat(result.group(3)).isEqualTo("20");
		assertThat(result.group(4)).isEqualTo("20");
	}

	@Test
	void ratiosAreNeverRaised() throws Exception {
		Matcher result = run(90);
		assertThat(result.group(3)).isEqualTo("40");
		assertThat(result.group(4)).isEqualTo("70");
	}

	@Test
	void nativeHeapIsTrimmedWhereTheJvmHasTheCommand() {
		String report = HeapTrim.trimNativeHeap();
		if (hasTrimNativeHeapCommand()) {
			assertThat(report).startsWith("Trim native heap");
		}
		else {
			assertThat(report).isNull();
		}
	}

	/**
	 * HotSpot has {@code System.trim_native_heap} from 17.0.9 on 17, and from 21 on.
	 */
	private static boolean hasTrimNativeHeapCommand() {
		Runtime.Version version = Runtime.version();
		return version.feature() >= 21 || (version.feature() == 17 && version.update() >= 9);
	}

	private Matcher run(int maxFreePercent) throws Exception {
		// A heap that may grow well past what is live, and shrink back to it
		this.jvm = TestJvm.start(this.directory, Files.createDirectory(this.directory.resolve("classes")),
				List.of("-XX:+UseG1GC", "-Xms8m", "-Xmx512m"), HeapTrimMain.class.getName(),
				Integer.toString(maxFreePercent));
		assertThat(this.jvm.awaitExit()).as(this.jvm.output()).isZero();
		Matcher result = RESULT.matcher(this.jvm.output());
		assertThat(result.find()).as(this.jvm.output()).isTrue();
		return result;
	}

}
