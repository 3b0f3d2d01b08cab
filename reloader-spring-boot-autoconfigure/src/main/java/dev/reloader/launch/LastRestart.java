package dev.reloader.launch;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a child JVM knows about the restart that started it: how many restarts came before
 * it, and, when the restart was asked for (by the previous child or from the supervisor's
 * terminal), what caused it and when.
 * <p>
 * The supervisor tells each child the number of children started before it in the
 * environment variable {@value #COUNT_VARIABLE}. Whoever asks for a restart leaves a short
 * note for the next child in the temporary directory, in a file named after the
 * supervisor's process id; the next child reads and deletes it. A note meant for another
 * child (one that crashed before it read its note, say) is ignored.
 *
 * @author Reloader contributors
 */
public final class LastRestart {

	/**
	 * The environment variable that tells a child how many children its supervisor
	 * started before it.
	 */
	public static final String COUNT_VARIABLE = "RELOADER_RESTART_COUNT";

	/**
	 * The system property through which a supervisor gives each child its count; it wins
	 * over {@value #COUNT_VARIABLE}, since a standby child's environment is fixed before
	 * the supervisor knows which restart it will serve.
	 */
	public static final String COUNT_PROPERTY = "dev.reloader.restart-count";

	private static final Log logger = LogFactory.getLog(LastRestart.class);

	private static final Object monitor = new Object();

	private static LastRestart current;

	private final int count;

	private final String cause;

	private final Instant began;

	LastRestart(int count, String cause, Instant began) {
		this.count = count;
		this.cause = cause;
		this.began = began;
	}

	/**
	 * Return what this JVM knows about the restart that started it. The first call reads
	 * (and deletes) the note left by whoever asked for the restart.
	 * @return the last restart; a count of 0 and no cause for the first child, or outside
	 * a supervisor
	 */
	public static LastRestart current() {
		synchronized (monitor) {
			if (current == null) {
				current = read(System.getProperty(COUNT_PROPERTY, System.getenv(COUNT_VARIABLE)), System.getenv(ParentWatch.SUPERVISOR_PID_VARIABLE),
						tempDirectory());
			}
			return current;
		}
	}

	/**
	 * Leave a note for the child that the supervisor starts after this one, before this
	 * child exits to ask for a restart.
	 * @param cause what caused the restart, as logged
	 * @param began when the restart was decided
	 */
	public static void leaveNote(String cause, Instant began) {
		String supervisorPid = System.getenv(ParentWatch.SUPERVISOR_PID_VARIABLE);
		if (supervisorPid != null) {
			write(noteFile(tempDirectory(), supervisorPid.trim()), current().count + 1, cause, began);
		}
	}

	/**
	 * Leave a note, from the supervisor, for the next child it starts.
	 * @param count the number of children started before that child
	 * @param cause what caused the restart
	 * @param began when the restart was decided
	 */
	static void leaveNoteFromSupervisor(int count, String cause, Instant began) {
		write(noteFile(tempDirectory(), Long.toString(ProcessHandle.current().pid())), count, cause, began);
	}

	static LastRestart read(String countVariable, String supervisorPid, Path tempDirectory) {
		int count = parseCount(countVariable);
		if (count == 0 || supervisorPid == null) {
			return new LastRestart(count, null, null);
		}
		Path note = noteFile(tempDirectory, supervisorPid.trim());
		if (!Files.isRegularFile(note)) {
			return new LastRestart(count, null, null);
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(note, StandardCharsets.UTF_8)) {
			properties.load(reader);
			Files.deleteIfExists(note);
			if (Integer.toString(count).equals(properties.getProperty("count"))) {
				return new LastRestart(count, properties.getProperty("cause"),
						Instant.ofEpochMilli(Long.parseLong(properties.getProperty("began"))));
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot read the restart note " + note, ex);
		}
		return new LastRestart(count, null, null);
	}

	static void write(Path note, int count, String cause, Instant began) {
		Properties properties = new Properties();
		properties.setProperty("count", Integer.toString(count));
		properties.setProperty("cause", cause);
		properties.setProperty("began", Long.toString(began.toEpochMilli()));
		try {
			// A fresh file, moved over the note, never writes through a planted link
			Path written = Files.createTempFile(note.getParent(), "reloader-", ".tmp");
			try (Writer writer = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
				properties.store(writer, null);
			}
			Files.move(written, note, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot leave a restart note in " + note, ex);
		}
	}

	static Path noteFile(Path tempDirectory, String supervisorPid) {
		return tempDirectory.resolve("reloader-" + supervisorPid + ".restart");
	}

	private static int parseCount(String value) {
		try {
			return (value != null) ? Math.max(0, Integer.parseInt(value.trim())) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static Path tempDirectory() {
		return Paths.get(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Return how many children the supervisor started before this one.
	 * @return the number of restarts so far, 0 for the first child
	 */
	public int getCount() {
		return this.count;
	}

	/**
	 * Return what caused the restart that started this child.
	 * @return the cause as logged on the {@code Reloading} line, or {@code null} when it
	 * is not known (the first child, or a start after a crash)
	 */
	public String getCause() {
		return this.cause;
	}

	/**
	 * Return when the restart that started this child was decided.
	 * @return the time, or {@code null} when not known
	 */
	public Instant getBegan() {
		return this.began;
	}

}
