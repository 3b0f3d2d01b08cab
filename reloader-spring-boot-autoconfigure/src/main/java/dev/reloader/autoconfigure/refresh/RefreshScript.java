package dev.reloader.autoconfigure.refresh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script that pages load from the application, and how it is added to a page: a
 * {@code <script>} element before the page's last {@code </body>}, with the nonce of the
 * page's Content-Security-Policy when it has one.
 *
 * @author Reloader contributors
 */
final class RefreshScript {

	/**
	 * Path, within the application, under which the script and its event stream are served.
	 */
	static final String PATH = "/.reloader/";

	/**
	 * Path of the script within the application.
	 */
	static final String SCRIPT_PATH = PATH + "refresh.js";

	/**
	 * Path of the event stream within the application.
	 */
	static final String EVENTS_PATH = PATH + "events";

	/**
	 * The only event that the stream sends.
	 */
	static final byte[] RELOAD_EVENT = "data: reload\n\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] END_OF_BODY = "</body".getBytes(StandardCharsets.US_ASCII);

	private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9+/_=-]+)'");

	private static final byte[] SCRIPT = load();

	private RefreshScript() {
	}

	/**
	 * Return the script.
	 * @return the script's UTF-8 bytes
	 */
	static byte[] script() {
		return SCRIPT.clone();
	}

	/**
	 * Return whether a response of the given content type is a page that gets the script.
	 * @param contentType the content type, or {@code null}
	 * @return whether it is {@code text/html} or {@code application/xhtml+xml}
	 */
	static boolean isPage(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return type.equals("text/html") || type.equals("application/xhtml+xml");
	}

	/**
	 * Return the page with the script element added before its last {@code </body>}, or
	 * the page as it is when it has none (a fragment, not a whole page) or its charset
	 * does not encode ASCII as itself.
	 * @param page the page's bytes
	 * @param charset the page's charset
	 * @param contextPath the application's context path ({@code ""} for none)
	 * @param contentSecurityPolicy the page's Content-Security-Policy header, or
	 * {@code null}
	 * @return the page with the script, or {@code page} itself
	 */
	static byte[] addTo(byte[] page, Charset charset, String contextPath, String contentSecurityPolicy) {
		if (!Arrays.equals(END_OF_BODY, new String(END_OF_BODY, StandardCharsets.US_ASCII).getBytes(charset))) {
			return page;
		}
		int end = lastIndexOfIgnoringCase(page, END_OF_BODY);
		if (end < 0) {
			return page;
		}
		byte[] element = element(contextPath, nonce(contentSecurityPolicy)).getBytes(StandardCharsets.US_ASCII);
		byte[] result = new byte[page.length + element.length];
		System.arraycopy(page, 0, result, 0, end);
		System.arraycopy(element, 0, result, end, element.length);
		System.arraycopy(page, end, result, end + element.length, page.length - end);
		return result;
	}

	static String element(String contextPath, String nonce) {
		String nonceAttribute = (nonce != null) ? " nonce=\"" + nonce + "\"" : "";
		return "<script src=\"" + contextPath + SCRIPT_PATH + "\"" + nonceAttribute + "></script>";
	}

	/**
	 * Return the nonce that a Content-Security-Policy allows scripts with.
	 * @param contentSecurityPolicy the header, or {@code null}
	 * @return the nonce of its {@code script-src} (or, without one, {@code default-src}
	 * directive), or {@code null}
	 */
	static String nonce(String contentSecurityPolicy) {
		if (contentSecurityPolicy == null) {
			return null;
		}
		String scriptSource = null;
		String defaultSource = null;
		for (String directive : contentSecurityPolicy.split(";")) {
			String trimmed = directive.strip();
			String name = trimmed.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
			if (name.equals("script-src-elem") || (name.equals("script-src") && scriptSource == null)) {
				scriptSource = trimmed;
			}
			else if (name.equals("default-src")) {
				defaultSource = trimmed;
			}
		}
		String source = (scriptSource != null) ? scriptSource : defaultSource;
		if (source == null) {
			return null;
		}
		Matcher matcher = NONCE.matcher(source);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static int lastIndexOfIgnoringCase(byte[] bytes, byte[] lowerCaseAscii) {
		for (int start = bytes.length - lowerCaseAscii.length; start >= 0; start--) {
			if (matchesAt(bytes, start, lowerCaseAscii)) {
				return start;
			}
		}
		return -1;
	}

	private static boolean matchesAt(byte[] bytes, int start, byte[] lowerCaseAscii) {
		for (int i = 0; i < lowerCaseAscii.length; i++) {
			byte b = bytes[start + i];
			if (b >= 'A' && b <= 'Z') {
				b = (byte) (b + ('a' - 'A'));
			}
			if (b != lowerCaseAscii[i]) {
				return false;
			}
		}
		return true;
	}

	private static byte[] load() {
		try (InputStream in = RefreshScript.class.getResourceAsStream("refresh.js")) {
			if (in == null) {
				throw new IllegalStateException("No refresh.js beside " + RefreshScript.class.getName());
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
