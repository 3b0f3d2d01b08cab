package dev.reloader.autoconfigure.containers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.testcontainers.containers.GenericContainer;

/**
 * A hash of what a developer usually changes in a container bean: its image, environment,
 * command, exposed ports, fixed port bindings, labels and network mode. Two children whose
 * beans have the same fingerprint want the same container; a changed fingerprint means the
 * earlier container goes before the new one starts, so that it frees its fixed ports.
 * Testcontainers' own reuse hash covers more (every setting sent to the engine).
 *
 * @author Reloader contributors
 */
final class ContainerFingerprint {

	/**
	 * The label that carries the fingerprint.
	 */
	static final String LABEL = "dev.reloader.configuration";

	private ContainerFingerprint() {
	}

	/**
	 * Return the fingerprint of a container bean, before it starts.
	 * @param container the container
	 * @return the fingerprint, 16 hexadecimal digits
	 */
	static String of(GenericContainer<?> container) {
		Map<String, String> labels = new TreeMap<>(container.getLabels());
		labels.remove(LABEL);
		List<Object> parts = List.of(String.valueOf(container.getDockerImageName()),
				new TreeMap<>(container.getEnvMap()), Arrays.asList(container.getCommandParts()),
				container.getExposedPorts(), container.getPortBindings(), labels,
				String.valueOf(container.getNetworkMode()));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(parts.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
