package dev.reloader.launch.frontdoor;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Why a child failed to start, as the child hands it to the supervisor: a file named for
 * the child's pid in the supervisor's private directory, written by the child and read by
 * the supervisor, which never sees the exception itself.
 *
 * @param description what failed: the failure analysis's description, or the exception
 * and its message
 * @param action what to do about it, or {@code null} when there is no failure analysis
 * @param details the first lines of the stack trace, or {@code null}
 * @author Reloader contributors
 */
public record StartFailure(String description, String action, String details) {

	private static final Log logger = LogFactory.getLog(StartFailure.class);

	/**
	 * How many lines of a stack trace the failure keeps.
	 */
	private static final int STACK_TRACE_LINES = 12;

	/**
	 * Describe an exception for which there is no failure analysis: its most specific
	 * cause and the first lines of that cause's stack trace.
	 * @param exception the exception
	 * @return the failure
	 */
	public static StartFailure of(Throwable exception) {
		Throwable cause = exception;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		StringWriter trace = new StringWriter();
		cause.printStackTrace(new PrintWriter(trace));
		String details = String.join("\n", trace.toString().lines().limit(STACK_TRACE_LINES).toList());
		return new StartFailure(cause.toString(), null, details);
	}

	/**
	 * Return the file in which the child with the given pid hands its failure over.
	 * @param directory the supervisor's private directory
	 * @param pid the child's pid
	 * @return the file
	 */
	public static Path file(Path directory, long pid) {
		return directory.resolve("start-failure-" + pid + ".properties");
	}

	/**
	 * Write the failure to a file, replacing what it held.
	 * @param file the file
	 * @throws IOException if it cannot be written
	 */
	public void writeTo(Path file) throws IOException {
		Properties properties = new Properties();
		properties.setProperty("description", this.description);
		if (this.action != null) {
			properties.setProperty("action", this.action);
		}
		if (this.details != null) {
			properties.setProperty("details", this.details);
		}
		Path written = file.resolveSibling(file.getFileName() + ".new");
		try (Writer writer = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
			properties.store(writer, null);
		}
		Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Read the failure that a child handed over, and delete its file.
	 * @param directory the supervisor's private directory, or {@code null} for none
	 * @param pid the child's pid
	 * @param exitCode the child's exit code, named when it handed over nothing
	 * @return the failure
	 */
	public static StartFailure read(Path directory, long pid, int exitCode) {
		StartFailure unknown = new StartFailure("The application exited with code " + exitCode
				+ " before it could say why; its output in the terminal shows what happened.", null, null);
		if (directory == null) {
			return unknown;
		}
		Path file = file(directory, pid);
		if (!Files.isRegularFile(file)) {
			return unknown;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
			Files.delete(file);
		}
		catch (IOException ex) {
			logger.debug("Could not read the failure that the application handed over in " + file, ex);
			return unknown;
		}
		String description = properties.getProperty("description");
		return (description != null)
				? new StartFailure(description, properties.getProperty("action"), properties.getProperty("details"))
				: unknown;
	}

}
