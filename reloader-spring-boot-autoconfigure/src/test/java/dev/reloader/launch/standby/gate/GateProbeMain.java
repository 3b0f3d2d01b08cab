package dev.reloader.launch.standby.gate;

import java.io.File;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tries every kind of action outside the JVM, prints what happened to each
 * ({@code name: refused|done}), opens the gate, and tries them all again.
 *
 * @author Reloader contributors
 */
public final class GateProbeMain {

	private GateProbeMain() {
	}

	public static void main(String[] args) throws Exception {
		Path directory = Path.of(args[0]);
		int port = Integer.parseInt(args[1]);
		Path privateDirectory = Path.of(args[2]);
		System.out.println("closed: " + StandbyGate.isClosed());
		tryAll("before", directory, port, privateDirectory);
		System.out.println("refusals: " + StandbyGate.refusalCount());
		// What the refused actions left: the existing file as it was, no file made
		Path existing = directory.resolve("existing.txt");
		try (java.util.stream.Stream<Path> files = Files.list(directory)) {
			System.out.println("left: " + Files.readString(existing).trim() + " "
					+ Files.getLastModifiedTime(existing).toMillis() + " "
					+ files.map((file) -> file.getFileName().toString()).sorted().toList());
		}
		StandbyGate.runOnLoopback(() -> {
			Map<String, Action> loopback = new LinkedHashMap<>();
			loopback.put("bind loopback", () -> close(new ServerSocket(0, 50, InetAddress.getLoopbackAddress())));
			loopback.put("connect loopback", () -> close(new Socket("127.0.0.1", port)));
			loopback.put("connect loopback channel",
					() -> close(SocketChannel.open(new InetSocketAddress("127.0.0.1", port))));
			loopback.put("bind all", () -> close(new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))));
			loopback.put("write", () -> Files.writeString(directory.resolve("loopback.txt"), "x"));
			run("loopback", loopback);
			return null;
		});
		StandbyGate.open();
		System.out.println("closed: " + StandbyGate.isClosed());
		tryAll("after", directory, port, privateDirectory);
	}

	private static void tryAll(String phase, Path directory, int port, Path privateDirectory) {
		Path existing = directory.resolve("existing.txt");
		Map<String, Action> actions = new LinkedHashMap<>();
		actions.put("server socket", () -> close(new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))));
		actions.put("server channel",
				() -> close(ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))));
		actions.put("socket", () -> close(new Socket("127.0.0.1", port)));
		actions.put("socket channel", () -> close(SocketChannel.open(new InetSocketAddress("127.0.0.1", port))));
		actions.put("datagram", () -> {
			try (DatagramChannel channel = DatagramChannel.open()) {
				return channel.send(ByteBuffer.wrap(new byte[] { 1 }), new InetSocketAddress("127.0.0.1", port));
			}
		});
		actions.put("unix bind", () -> close(ServerSocketChannel.open(StandardProtocolFamily.UNIX)
			.bind(UnixDomainSocketAddress.of(directory.resolve(phase + ".sock")))));
		actions.put("truncate", () -> {
			new FileOutputStream(existing.toFile()).close();
			Files.writeString(existing, "existing\n");
			return null;
		});
		actions.put("append", () -> {
			try (FileOutputStream out = new FileOutputStream(directory.resolve(phase + "-appended.txt").toFile(), true)) {
				out.write(1);
			}
			return null;
		});
		actions.put("random access", () -> {
			return close(new RandomAccessFile(directory.resolve(phase + "-random.txt").toFile(), "rw"));
		});
		actions.put("read", () -> Files.readString(existing) + new RandomAccessFile(existing.toFile(), "r").length());
		actions.put("nio write", () -> Files.writeString(directory.resolve(phase + "-nio.txt"), "x"));
		actions.put("nio append", () -> Files.writeString(existing, "", StandardOpenOption.APPEND));
		actions.put("nio directory", () -> Files.createDirectory(directory.resolve(phase + "-directory")));
		actions.put("nio temporary file", () -> Files.deleteIfExists(Files.createTempFile(phase, ".tmp")));
		actions.put("nio move", () -> {
			Path moved = Files.move(existing, directory.resolve("moved.txt"));
			return Files.move(moved, existing);
		});
		actions.put("nio delete", () -> Files.deleteIfExists(directory.resolve("delete-me.txt")));
		actions.put("file create", () -> new File(directory.toFile(), phase + "-created.txt").createNewFile());
		actions.put("file delete", () -> check(new File(directory.toFile(), "delete-me-too.txt").delete()));
		actions.put("file directory", () -> check(new File(directory.toFile(), phase + "-dir").mkdir()));
		actions.put("file rename", () -> {
			File moved = new File(directory.toFile(), "renamed.txt");
			check(existing.toFile().renameTo(moved));
			return check(moved.renameTo(existing.toFile()));
		});
		actions.put("file time", () -> check(existing.toFile().setLastModified(1_000_000_000_000L)));
		actions.put("file temporary", () -> File.createTempFile(phase, ".tmp").delete());
		actions.put("process", () -> new ProcessBuilder("true").start().waitFor());
		actions.put("private write", () -> Files.writeString(privateDirectory.resolve(phase + ".txt"), "x"));
		actions.put("private delete", () -> {
			Files.delete(privateDirectory.resolve(phase + ".txt"));
			return null;
		});
		run(phase, actions);
	}

	private static void run(String phase, Map<String, Action> actions) {
		for (Map.Entry<String, Action> action : actions.entrySet()) {
			String outcome;
			try {
				action.getValue().run();
				outcome = "done";
			}
			catch (SecurityException ex) {
				outcome = "refused";
			}
			catch (Exception ex) {
				outcome = "failed " + ex;
			}
			System.out.println(phase + " " + action.getKey() + ": " + outcome);
		}
	}

	private interface Action {

		Object run() throws Exception;

	}

	private static Object close(AutoCloseable closeable) throws Exception {
		closeable.close();
		return null;
	}

	private static Object check(boolean done) {
		if (!done) {
			throw new IllegalStateException("not done");
		}
		return null;
	}

}
