package dev.reloader.launch.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The few calls of the Docker Engine API that the supervisor needs, as plain HTTP over the
 * engine's Unix-domain socket ({@code DOCKER_HOST=unix://...}, or
 * {@code /var/run/docker.sock}). No Docker client library and no application code.
 *
 * @author Reloader contributors
 */
final class DockerEngineApi {

	private static final Path DEFAULT_SOCKET = Paths.get("/var/run/docker.sock");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final Path socket;

	DockerEngineApi(Path socket) {
		this.socket = socket;
	}

	/**
	 * Return the API of the engine that {@code DOCKER_HOST} names, or of the default
	 * socket.
	 * @param dockerHost the value of {@code DOCKER_HOST}, or {@code null}
	 * @return the API, or {@code null} where the engine is not on a local socket that
	 * exists
	 */
	static DockerEngineApi locate(String dockerHost) {
		Path socket;
		if (dockerHost == null || dockerHost.isBlank()) {
			socket = DEFAULT_SOCKET;
		}
		else if (dockerHost.startsWith("unix://")) {
			socket = Paths.get(dockerHost.substring("unix://".length()));
		}
		else {
			return null;
		}
		return Files.exists(socket) ? new DockerEngineApi(socket) : null;
	}

	Path getSocket() {
		return this.socket;
	}

	/**
	 * List the containers, running or not, that carry all the given labels.
	 * @param labels label filters, each {@code name=value} or {@code name}
	 * @return the containers, as the engine describes them
	 * @throws IOException if the engine cannot be reached or refuses
	 */
	@SuppressWarnings("unchecked")
	List<Map<String, Object>> containers(List<String> labels) throws IOException {
		String filters = "{\"label\":["
				+ labels.stream().map(DockerEngineApi::jsonString).collect(Collectors.joining(",")) + "]}";
		String body = request("GET", "/containers/json?all=true&filters="
				+ URLEncoder.encode(filters, StandardCharsets.UTF_8));
		return JsonParserFactory.getJsonParser()
			.parseList(body)
			.stream()
			.map((container) -> (Map<String, Object>) container)
			.toList();
	}

	/**
	 * Stop and remove a container with its anonymous volumes.
	 * @param id the container's id
	 * @throws IOException if the engine cannot be reached or refuses
	 */
	void remove(String id) throws IOException {
		request("DELETE", "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?force=true&v=true");
	}

	private String request(String method, String path) throws IOException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(this.socket));
			String request = method + " " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n";
			ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
			while (out.hasRemaining()) {
				channel.write(out);
			}
			byte[] response = readToEnd(channel, deadline);
			return body(method + " " + path, response);
		}
	}

	private byte[] readToEnd(SocketChannel channel, long deadline) throws IOException {
		channel.configureBlocking(false);
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
		try (Selector selector = Selector.open()) {
			channel.register(selector, SelectionKey.OP_READ);
			while (true) {
				long left = (deadline - System.nanoTime()) / 1_000_000;
				if (left <= 0) {
					throw new IOException("The Docker Engine at " + this.socket + " did not answer within "
							+ TIMEOUT.toSeconds() + " seconds");
				}
				selector.select(left);
				selector.selectedKeys().clear();
				int read;
				while ((read = channel.read(buffer)) > 0) {
					response.write(buffer.array(), 0, buffer.position());
					buffer.clear();
				}
				if (read < 0) {
					return response.toByteArray();
				}
			}
		}
	}

	private String body(String request, byte[] response) throws IOException {
		String head = new String(response, StandardCharsets.ISO_8859_1);
		int headersEnd = head.indexOf("\r\n\r\n");
		if (!head.startsWith("HTTP/") || headersEnd < 0) {
			throw new IOException("The Docker Engine at " + this.socket + " gave no HTTP answer to " + request);
		}
		String[] statusLine = head.substring(0, head.indexOf("\r\n")).split(" ", 3);
		int status = Integer.parseInt(statusLine[1]);
		String headers = head.substring(0, headersEnd).toLowerCase(Locale.ROOT);
		byte[] body = Arrays.copyOfRange(response, headersEnd + 4, response.length);
		if (headers.contains("\r\ntransfer-encoding: chunked")) {
			body = unchunk(body);
		}
		String text = new String(body, StandardCharsets.UTF_8);
		if (status >= 300 && status != 404) {
			throw new IOException("The Docker Engine at " + this.socket + " answered " + request + " with " + status
					+ ": " + text.trim());
		}
		return text;
	}

	private static byte[] unchunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String text = new String(chunked, StandardCharsets.ISO_8859_1);
		int position = 0;
		while (position < chunked.length) {
			int lineEnd = text.indexOf("\r\n", position);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(text.substring(position, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				break;
			}
			body.write(chunked, lineEnd + 2, size);
			position = lineEnd + 2 + size + 2;
		}
		return body.toByteArray();
	}

	private static String jsonString(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
