package dev.reloader.launch.standby.gate;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

/**
 * Makes a few methods of the JDK call the {@link StandbyGate gate} first: the methods
 * through which every socket is bound or connected (TCP and UDP, for sockets and
 * channels alike), every datagram sent to an address, every Unix-domain socket bound or
 * connected, every file opened for writing or changed (through {@code java.io} and
 * through {@code java.nio.file}) and every process started. They are the same on JDK 17
 * and 25. Each call passes the method's arguments to a small class defined in
 * {@code java.base} ({@value #BRIDGE}), which hands them to the gate while it is closed.
 * <p>
 * The JDK's own pluggable points cover too little for this: a default
 * {@code SelectorProvider} sees the channels only (since JDK 13 {@code java.net.Socket}
 * and {@code ServerSocket} no longer go through it), a {@code SocketImplFactory} the
 * classic sockets only (and can be set once per JVM, so not by a standby that must leave
 * it to the application), a default {@code FileSystemProvider} {@code java.nio.file} only:
 * none of them sees {@code java.io}'s files, and nothing sees the start of a process.
 *
 * @author Reloader contributors
 */
final class GateTransformer implements ClassFileTransformer {

	static final String BRIDGE = "jdk/internal/misc/ReloaderStandbyGate";

	static final String NET_BIND = "bind";

	static final String NET_CONNECT = "connect";

	static final String NET_CONNECT_ADDRESS = "connect to address";

	static final String DATAGRAM_SEND = "send datagram to";

	static final String UNIX_BIND = "unix bind";

	static final String UNIX_CONNECT = "unix connect";

	static final String FILE_OUTPUT = "file output";

	static final String RANDOM_ACCESS = "random access";

	static final String NIO_OPEN = "open";

	static final String NIO_OPEN_AT = "openat";

	static final String PROCESS = "process";

	static final String TEMP_FILE = "temporary file";

	private static final Set<String> FILE_CHANGES = Set.of("createNewFile", "delete", "deleteOnExit", "mkdir",
			"renameTo", "setLastModified", "setReadOnly", "setWritable", "setReadable", "setExecutable");

	private static final Set<String> NIO_CHANGES = Set.of("link", "unlink", "unlinkat", "mknod", "rename",
			"renameat", "mkdir", "rmdir", "symlink", "chown", "lchown", "fchown", "chmod", "fchmod", "fchmodat",
			"utimes", "lutimes", "futimes", "futimens", "utimensat", "fsetxattr", "fremovexattr");

	/**
	 * The classes whose methods call the gate.
	 */
	static final Set<String> TARGETS = Set.of("sun.nio.ch.Net", "sun.nio.ch.DatagramChannelImpl",
			"sun.nio.ch.UnixDomainSockets", "java.io.FileOutputStream", "java.io.RandomAccessFile", "java.io.File",
			"sun.nio.fs.UnixNativeDispatcher", "java.lang.ProcessBuilder");

	@Override
	public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
			ProtectionDomain protectionDomain, byte[] classfileBuffer) {
		if (loader != null || className == null || !TARGETS.contains(className.replace('/', '.'))) {
			return null;
		}
		try {
			ClassReader reader = new ClassReader(classfileBuffer);
			ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
			reader.accept(new GatedClass(writer, className), 0);
			return writer.toByteArray();
		}
		catch (RuntimeException ex) {
			GateAgent.failed(className, ex);
			return null;
		}
	}

	/**
	 * Return the gate's action for a method, or {@code null} if the method does not call
	 * the gate.
	 */
	static String actionOf(String className, String name, String descriptor, int access) {
		if ((access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0) {
			return null;
		}
		return switch (className) {
			case "sun/nio/ch/Net" -> netAction(name, descriptor);
			case "sun/nio/ch/DatagramChannelImpl" ->
				(name.equals("send") && descriptor.endsWith("Ljava/net/InetSocketAddress;)I")) ? DATAGRAM_SEND : null;
			case "sun/nio/ch/UnixDomainSockets" -> unixAction(name, descriptor);
			case "java/io/FileOutputStream" -> name.equals("open") ? FILE_OUTPUT : null;
			case "java/io/RandomAccessFile" -> name.equals("open") ? RANDOM_ACCESS : null;
			case "java/io/File" -> fileAction(name, descriptor, access);
			case "sun/nio/fs/UnixNativeDispatcher" -> name.equals("open") ? NIO_OPEN
					: name.equals("openat") ? NIO_OPEN_AT : NIO_CHANGES.contains(name) ? name : null;
			case "java/lang/ProcessBuilder" -> (name.equals("start") && descriptor.startsWith("([")) ? PROCESS : null;
			default -> null;
		};
	}

	/**
	 * Binding and connecting a TCP or UDP socket: the methods that take the address and
	 * the port (the others delegate to them).
	 */
	private static String netAction(String name, String descriptor) {
		if (name.equals("bind") && descriptor.endsWith("Ljava/net/InetAddress;I)V")) {
			return NET_BIND;
		}
		if (name.equals("connect") && descriptor.endsWith("Ljava/net/InetAddress;I)I")) {
			return NET_CONNECT;
		}
		if (name.equals("connect") && descriptor.endsWith("Ljava/net/SocketAddress;)I")) {
			return NET_CONNECT_ADDRESS;
		}
		return null;
	}

	/**
	 * Binding and connecting a Unix-domain socket: the methods that take its path.
	 */
	private static String unixAction(String name, String descriptor) {
		if (name.equals("bind") && descriptor.endsWith("Ljava/nio/file/Path;)V")) {
			return UNIX_BIND;
		}
		if (name.equals("connect") && descriptor.endsWith("Ljava/nio/file/Path;)I")) {
			return UNIX_CONNECT;
		}
		return null;
	}

	/**
	 * The mutators of {@code java.io.File} (on JDK 17 most of the file system's own are
	 * native, so the gate goes one step up), and the creation of a temporary file in a
	 * given directory, which the other {@code createTempFile} delegates to.
	 */
	private static String fileAction(String name, String descriptor, int access) {
		if ((access & Opcodes.ACC_STATIC) == 0 && FILE_CHANGES.contains(name) && !descriptor.equals("(Z)Z")) {
			return "File." + name;
		}
		if (name.equals("createTempFile")
				&& descriptor.startsWith("(Ljava/lang/String;Ljava/lang/String;Ljava/io/File;)")) {
			return TEMP_FILE;
		}
		return null;
	}

	/**
	 * The bytes of the class through which the JDK's methods reach the gate.
	 */
	static byte[] bridge() {
		ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
		writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, BRIDGE, null,
				"java/lang/Object", null);
		writer.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, "gate",
				"Ljava/util/function/BiConsumer;", null, null)
			.visitEnd();
		MethodVisitor check = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "check",
				"(Ljava/lang/String;[Ljava/lang/Object;)V", null, null);
		check.visitCode();
		check.visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, "gate", "Ljava/util/function/BiConsumer;");
		check.visitVarInsn(Opcodes.ASTORE, 2);
		check.visitVarInsn(Opcodes.ALOAD, 2);
		Label open = new Label();
		check.visitJumpInsn(Opcodes.IFNULL, open);
		check.visitVarInsn(Opcodes.ALOAD, 2);
		check.visitVarInsn(Opcodes.ALOAD, 0);
		check.visitVarInsn(Opcodes.ALOAD, 1);
		check.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/BiConsumer", "accept",
				"(Ljava/lang/Object;Ljava/lang/Object;)V", true);
		check.visitLabel(open);
		check.visitInsn(Opcodes.RETURN);
		check.visitMaxs(0, 0);
		check.visitEnd();
		writer.visitEnd();
		return writer.toByteArray();
	}

	private static final class GatedClass extends ClassVisitor {

		private final String className;

		GatedClass(ClassVisitor next, String className) {
			super(Opcodes.ASM9, next);
			this.className = className;
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
			String action = actionOf(this.className, name, descriptor, access);
			return (action != null) ? new GatedMethod(next, action, access, descriptor) : next;
		}

	}

	/**
	 * Calls the bridge with the action and the method's arguments ({@code this} first)
	 * before the method's own code.
	 */
	private static final class GatedMethod extends MethodVisitor {

		private static final Map<Integer, String> BOXES = Map.of(Type.BOOLEAN, "java/lang/Boolean", Type.CHAR,
				"java/lang/Character", Type.BYTE, "java/lang/Byte", Type.SHORT, "java/lang/Short", Type.INT,
				"java/lang/Integer", Type.LONG, "java/lang/Long", Type.FLOAT, "java/lang/Float", Type.DOUBLE,
				"java/lang/Double");

		private final String action;

		private final boolean isStatic;

		private final Type[] arguments;

		GatedMethod(MethodVisitor next, String action, int access, String descriptor) {
			super(Opcodes.ASM9, next);
			this.action = action;
			this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
			this.arguments = Type.getArgumentTypes(descriptor);
		}

		@Override
		public void visitCode() {
			super.visitCode();
			int count = this.arguments.length + (this.isStatic ? 0 : 1);
			super.visitLdcInsn(this.action);
			super.visitLdcInsn(count);
			super.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
			int slot = 0;
			int index = 0;
			if (!this.isStatic) {
				store(index++, Type.getObjectType("java/lang/Object"), slot++);
			}
			for (Type argument : this.arguments) {
				store(index++, argument, slot);
				slot += argument.getSize();
			}
			super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "check", "(Ljava/lang/String;[Ljava/lang/Object;)V",
					false);
		}

		private void store(int index, Type type, int slot) {
			super.visitInsn(Opcodes.DUP);
			super.visitLdcInsn(index);
			super.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
			String box = BOXES.get(type.getSort());
			if (box != null) {
				super.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf",
						"(" + type.getDescriptor() + ")L" + box + ";", false);
			}
			super.visitInsn(Opcodes.AASTORE);
		}

	}

}
