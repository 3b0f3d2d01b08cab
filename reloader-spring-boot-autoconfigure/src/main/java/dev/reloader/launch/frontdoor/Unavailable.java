package dev.reloader.launch.frontdoor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.json.JsonWriter;

/**
 * The answer that the {@link FrontDoor} gives itself when no child can: a 503 that says
 * why, as a page for a browser (with a script that loads the application again once it
 * answers) and as {@code application/problem+json} (RFC 9457) for other clients.
 *
 * @author Reloader contributors
 */
final class Unavailable {

	/**
	 * The header that marks an answer of the front door, so that its page can tell it
	 * from the application's.
	 */
	static final String HEADER = "Reloader-Front-Door";

	private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte TLS_HANDSHAKE = 0x16;

	private Unavailable() {
	}

	static boolean isHeadComplete(ByteArrayOutputStream received) {
		byte[] bytes = received.toByteArray();
		return indexOf(bytes, END_OF_HEAD) >= 0 || (bytes.length > 0 && bytes[0] == TLS_HANDSHAKE);
	}

	/**
	 * Return the whole HTTP answer to a request.
	 * @param head what the client sent
	 * @param destination the failure, or none when the wait for a child timed out
	 * @param timeout how long the wait lasted
	 * @return the answer's bytes, or {@code null} when the client cannot be answered (it
	 * sent nothing, or speaks TLS)
	 */
	static byte[] answer(byte[] head, FrontDoor.Destination destination, Duration timeout) {
		if (head.length == 0 || head[0] == TLS_HANDSHAKE) {
			return null;
		}
		String title;
		String detail;
		String action;
		String details;
		String id;
		if (destination.failure() != null) {
			StartFailure failure = destination.failure();
			title = "The application failed to start";
			detail = failure.description();
			action = failure.action();
			details = failure.details();
			id = "failed-" + destination.failureNumber();
		}
		else {
			title = "The application is not ready";
			detail = "No application answered within " + timeout.toMillis() + " ms (reloader.front-door.timeout): "
					+ "it is still starting, or it started without a web server. Its output in the terminal says "
					+ "what it is doing.";
			action = null;
			details = null;
			id = "waiting";
		}
		boolean page = acceptsHtml(new String(head, StandardCharsets.ISO_8859_1));
		String body = page ? page(title, detail, action, details, id) : problem(title, detail, action, details);
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		String headers = "HTTP/1.1 503 Service Unavailable\r\n" + "Content-Type: "
				+ (page ? "text/html;charset=UTF-8" : "application/problem+json") + "\r\n" + "Content-Length: "
				+ content.length + "\r\n" + "Cache-Control: no-store\r\n" + HEADER + ": " + id + "\r\n"
				+ "Connection: close\r\n\r\n";
		boolean headRequest = new String(head, 0, Math.min(head.length, 5), StandardCharsets.ISO_8859_1)
			.startsWith("HEAD ");
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		answer.writeBytes(headers.getBytes(StandardCharsets.ISO_8859_1));
		if (!headRequest) {
			answer.writeBytes(content);
		}
		return answer.toByteArray();
	}

	static boolean acceptsHtml(String head) {
		for (String line : head.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Accept")) {
				String accept = line.substring(colon + 1).toLowerCase(Locale.ROOT);
				return accept.contains("text/html") || accept.contains("application/xhtml+xml");
			}
		}
		return false;
	}

	private static String page(String title, String detail, String action, String details, String id) {
		StringBuilder page = new StringBuilder();
		page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
			.append(escape(title))
			.append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:60em}")
			.append("pre{background:#f4f4f4;padding:1em;overflow:auto}</style>\n</head>\n<body>\n<h1>")
			.append(escape(title))
			.append("</h1>\n<h2>Description</h2>\n<pre id=\"description\">")
			.append(escape(detail))
			.append("</pre>\n");
		if (action != null) {
			page.append("<h2>Action</h2>\n<pre id=\"action\">").append(escape(action)).append("</pre>\n");
		}
		if (details != null) {
			page.append("<h2>Stack trace</h2>\n<pre id=\"details\">").append(escape(details)).append("</pre>\n");
		}
		page.append("<p>This page loads the application again once it answers.</p>\n")
			.append("<script>\n")
			.append("(function () {\n")
			.append("  function poll() {\n")
			.append("    fetch(location.href, { cache: 'no-store', headers: { 'Accept': 'text/html' } }).then(")
			.append("function (response) {\n")
			.append("      if (response.headers.get('" + HEADER + "') !== '" + id + "') {\n")
			.append("        location.reload();\n")
			.append("      } else {\n")
			.append("        setTimeout(poll, 1000);\n")
			.append("      }\n")
			.append("    }, function () { setTimeout(poll, 1000); });\n")
			.append("  }\n")
			.append("  setTimeout(poll, 1000);\n")
			.append("})();\n")
			.append("</script>\n</body>\n</html>\n");
		return page.toString();
	}

	private static String problem(String title, String detail, String action, String details) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", 503);
		problem.put("detail", detail);
		if (action != null) {
			problem.put("action", action);
		}
		if (details != null) {
			problem.put("stackTrace", details);
		}
		return JsonWriter.standard().writeToString(problem);
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		outer: for (int start = 0; start <= bytes.length - part.length; start++) {
			for (int i = 0; i < part.length; i++) {
				if (bytes[start + i] != part[i]) {
					continue outer;
				}
			}
			return start;
		}
		return -1;
	}

}
