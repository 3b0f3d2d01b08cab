package dev.reloader.launch.standby.gate;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.ClassWriter;
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
			case "sun/nio/ch/Net" -> switch (name) {
				case "bind" -> descriptor.endsWith("Ljava/net/InetAddress;I)V") ? NET_BIND : null;
				case "connect" -> descriptor.endsWith("Ljava/net/InetAddress;I)I") ? NET_CONNECT
						: descriptor.endsWith("Ljava/net/SocketAddress;)I") ? NET_CONNECT_ADDRESS : null;
				default -> null;
			};
			case "sun/nio/ch/DatagramChannelImpl" ->
				name.equals("send") && descriptor.endsWith("Ljava/net/InetSocketAddress;)I") ? DATAGRAM_SEND : null;
			case "sun/nio/ch/UnixDomainSockets" -> descriptor.endsWith("Ljava/nio/file/Path;)V") && name.equals("bind")
					? UNIX_BIND : descriptor.endsWith("Ljava/nio/file/Path;)I") && name.equals("connect") ? UNIX_CONNECT : null;
			case "java/io/FileOutputStream" -> name.equals("open") ? FILE_OUTPUT : null;
			case "java/io/RandomAccessFile" -> name.equals("open") ? RANDOM_ACCESS : null;
			case "java/io/File" -> FILE_CHANGES.contains(name) && (access & Opcodes.ACC_STATIC) == 0
					&& !descriptor.equals("(Z)Z") ? "File." + name
							: name.equals("createTempFile") && descriptor.startsWith("(Ljava/lang/String;Ljava/lang/String;Ljava/io/File;)")
									? TEMP_FILE : null;
			case "sun/nio/fs/UnixNativeDispatcher" -> name.equals("open") ? NIO_OPEN
					: name.equals("openat") ? NIO_OPEN_AT : NIO_CHANGES.contains(name) ? name : null;
			case "java/lang/ProcessBuilder" -> name.equals("start") && descriptor.startsWith("([") ? PROCESS : null;
			default -> null;
		};
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
		org.springframework.asm.Label open = new org.springframework.asm.Label();
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

		private static final Map<Integer, String[]> BOXES = Map.of(Type.BOOLEAN, new String[] { "java/lang/Boolean", "(Z)Ljava/lang/Boolean;" },
				Type.CHAR, new String[] { "java/lang/Character", "(C)Ljava/lang/Character;" }, Type.BYTE,
				new String[] { "java/lang/Byte", "(B)Ljava/lang/Byte;" }, Type.SHORT,
				new String[] { "java/lang/Short", "(S)Ljava/lang/Short;" }, Type.INT,
				new String[] { "java/lang/Integer", "(I)Ljava/lang/Integer;" }, Type.LONG,
				new String[] { "java/lang/Long", "(J)Ljava/lang/Long;" }, Type.FLOAT,
				new String[] { "java/lang/Float", "(F)Ljava/lang/Float;" }, Type.DOUBLE,
				new String[] { "java/lang/Double", "(D)Ljava/lang/Double;" });

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
			String[] box = BOXES.get(type.getSort());
			if (box != null) {
				super.visitMethodInsn(Opcodes.INVOKESTATIC, box[0], "valueOf", box[1], false);
			}
			super.visitInsn(Opcodes.AASTORE);
		}

	}

}
