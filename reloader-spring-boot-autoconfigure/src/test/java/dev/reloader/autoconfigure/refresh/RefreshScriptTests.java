package dev.reloader.autoconfigure.refresh;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefreshScript}.
 *
 * @author Reloader contributors
 */
class RefreshScriptTests {

	@Test
	void scriptGoesBeforeTheLastEndOfBody() {
		assertThat(addTo("<html><body><pre>&lt;/body&gt;</body></html>", "", null))
			.isEqualTo("<html><body><pre>&lt;/body&gt;<script src=\"/.reloader/refresh.js\"></script></body></html>");
	}

	@Test
	void endOfBodyIsFoundInAnyCase() {
		assertThat(addTo("<BODY>x</BODY >", "", null)).isEqualTo("<BODY>x<script src=\"/.reloader/refresh.js\"></script></BODY >");
	}

	@Test
	void fragmentWithoutEndOfBodyIsLeftAsItIs() {
		byte[] fragment = "<p>fragment</p>".getBytes(StandardCharsets.UTF_8);
		assertThat(RefreshScript.addTo(fragment, StandardCharsets.UTF_8, "", null)).isSameAs(fragment);
	}

	@Test
	void pageInACharsetThatDoesNotEncodeAsciiAsItselfIsLeftAsItIs() {
		byte[] page = "<body></body>".getBytes(StandardCharsets.UTF_16);
		assertThat(RefreshScript.addTo(page, StandardCharsets.UTF_16, "", null)).isSameAs(page);
	}

	@Test
	void nonUtf8BytesAroundTheScriptAreKept() {
		byte[] page = "<body>caf\u00e9</body>".getBytes(StandardCharsets.ISO_8859_1);
		byte[] result = RefreshScript.addTo(page, StandardCharsets.ISO_8859_1, "", null);
		assertThat(new String(result, StandardCharsets.ISO_8859_1))
			.isEqualTo("<body>caf\u00e9<script src=\"/.reloader/refresh.js\"></script></body>");
	}

	@Test
	void contextPathPrefixesTheScript() {
		assertThat(addTo("<body></body>", "/app", null))
			.isEqualTo("<body><script src=\"/app/.reloader/refresh.js\"></script></body>");
	}

	@Test
	void scriptCarriesTheNonceOfTheScriptSourceDirective() {
		assertThat(addTo("<body></body>", "", "default-src 'self'; script-src 'self' 'nonce-abc+/='"))
			.isEqualTo("<body><script src=\"/.reloader/refresh.js\" nonce=\"abc+/=\"></script></body>");
	}

	@Test
	void nonceOfDefaultSourceServesWithoutScriptSource() {
		assertThat(RefreshScript.nonce("default-src 'nonce-d3f'; style-src 'nonce-s7y'")).isEqualTo("d3f");
	}

	@Test
	void nonceOfAnotherDirectiveIsNotUsed() {
		assertThat(RefreshScript.nonce("script-src 'self'; style-src 'nonce-s7y'")).isNull();
		assertThat(RefreshScript.nonce(null)).isNull();
	}

	@Test
	void onlyHtmlContentTypesArePages() {
		assertThat(RefreshScript.isPage("text/html;charset=UTF-8")).isTrue();
		assertThat(RefreshScript.isPage("TEXT/HTML")).isTrue();
		assertThat(RefreshScript.isPage("application/xhtml+xml")).isTrue();
		assertThat(RefreshScript.isPage("application/json")).isFalse();
		assertThat(RefreshScript.isPage("text/plain")).isFalse();
		assertThat(RefreshScript.isPage(null)).isFalse();
	}

	@Test
	void scriptListensToTheEventStreamBesideIt() {
		assertThat(new String(RefreshScript.script(), StandardCharsets.UTF_8)).contains("new EventSource(")
			.contains("new URL('events', script.src)");
		assertThat(RefreshScript.EVENTS_PATH).isEqualTo("/.reloader/events");
	}

	private static String addTo(String page, String contextPath, String contentSecurityPolicy) {
		return new String(RefreshScript.addTo(page.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
				contextPath, contentSecurityPolicy), StandardCharsets.UTF_8);
	}

}
