package dev.reloader.launch;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Facts about the terminal of this process: whether a standard stream is connected to a
 * terminal, and whether the process may read it without being stopped.
 *
 * @author Reloader contributors
 */
public final class Terminal {

	/**
	 * The file descriptor of standard input.
	 */
	public static final int STANDARD_INPUT = 0;

	/**
	 * The file descriptor of standard output.
	 */
	public static final int STANDARD_OUTPUT = 1;

	private static final Path PROC_SELF = Paths.get("/proc/self");

	private Terminal() {
	}

	/**
	 * Return whether a standard stream of this process is a terminal: on Linux, what
	 * {@code /proc/self/fd/N} points to; elsewhere, whether the JVM has a console on a
	 * terminal (which requires standard input and output to be one).
	 * @param fileDescriptor {@link #STANDARD_INPUT} or {@link #STANDARD_OUTPUT}
	 * @return {@code true} for a terminal
	 */
	public static boolean isTerminal(int fileDescriptor) {
		if (Files.isDirectory(PROC_SELF.resolve("fd"))) {
			try {
				String target = Files.readSymbolicLink(PROC_SELF.resolve("fd").resolve(Integer.toString(fileDescriptor)))
					.toString();
				return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
			}
			catch (IOException | UnsupportedOperationException ex) {
				return false;
			}
		}
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			// Java 22 and later have a console even when the streams are redirected
			Method isTerminal = Console.class.getMethod("isTerminal");
			return (Boolean) isTerminal.invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

	/**
	 * Return whether this process is in the foreground process group of its terminal, so
	 * that reading the terminal does not stop it (SIGTTIN). Where this cannot be told, it
	 * is taken to be.
	 * @return {@code false} for a background job of a shell
	 */
	static boolean isInForeground() {
		try {
			String stat = Files.readString(PROC_SELF.resolve("stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// state ppid pgrp session tty_nr tpgid
			return fields[2].equals(fields[5]);
		}
		catch (IOException | RuntimeException ex) {
			return true;
		}
	}

}
