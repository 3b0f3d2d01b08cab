package dev.reloader.watch.watchman;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Json}.
 *
 * @author Reloader contributors
 */
class JsonTests {

	@Test
	void writesACommandOnOneLine() {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("expression", List.of("type", "f"));
		options.put("defer_vcs", true);
		options.put("sync_timeout", 5000L);
		options.put("nothing", null);
		String json = Json.write(List.of("subscribe", "/srv/app", "reloader-0", options));
		assertThat(json).isEqualTo("[\"subscribe\",\"/srv/app\",\"reloader-0\",{\"expression\":[\"type\",\"f\"],"
				+ "\"defer_vcs\":true,\"sync_timeout\":5000,\"nothing\":null}]");
	}

	@Test
	void escapesQuotesBackslashesAndControlCharacters() {
		String json = Json.write("a\"b\\c\nd\te\u0001f/é");
		assertThat(json).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001f/é\"").doesNotContain("\n");
		assertThat(Json.read(json)).isEqualTo("a\"b\\c\nd\te\u0001f/é");
	}

	@Test
	void readsASubscriptionNotification() {
		Object value = Json.read("{\"unilateral\":true,\"subscription\":\"s1\",\"root\":\"/tmp/p\","
				+ "\"is_fresh_instance\":false,\"clock\":\"c:1:2:4:9\",\"files\":[{\"new\":true,\"exists\":true,"
				+ "\"name\":\"x.txt\"},{\"new\":false,\"exists\":false,\"name\":\"d/y\"}]}");
		assertThat(value).isInstanceOf(Map.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> pdu = (Map<String, Object>) value;
		assertThat(pdu.get("unilateral")).isEqualTo(true);
		assertThat(pdu.get("files")).isEqualTo(List.of(Map.of("new", true, "exists", true, "name", "x.txt"),
				Map.of("new", false, "exists", false, "name", "d/y")));
		assertThat(List.copyOf(pdu.keySet())).containsExactly("unilateral", "subscription", "root",
				"is_fresh_instance", "clock", "files");
	}

	@Test
	void readsNumbersAsLongsOrDoubles() {
		assertThat(Json.read("[0,-12,9223372036854775807,1.5,-2e3,1E+2]"))
			.isEqualTo(List.of(0L, -12L, Long.MAX_VALUE, 1.5, -2000.0, 100.0));
		assertThat(Json.read("99999999999999999999")).isEqualTo(1.0E20);
	}

	@Test
	void readsEscapesIncludingSurrogatePairs() {
		assertThat(Json.read("\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\r\"")).isEqualTo("é\uD83D\uDE00/\b\f\r");
	}

	@Test
	void readsEmptyContainersAndLiteralsWithWhitespace() {
		assertThat(Json.read(" { \"a\" : [ ] , \"b\" : { } , \"c\" : null , \"d\" : false } "))
			.isEqualTo(mapOf("a", List.of(), "b", Map.of(), "c", null, "d", false));
	}

	@Test
	void roundTripsNestedValues() {
		Object value = List.of("anyof", List.of("type", "f"), mapOf("k", Arrays.asList(1L, 2.5, null, "x")));
		assertThat(Json.read(Json.write(value))).isEqualTo(value);
	}

	@Test
	void rejectsMalformedText() {
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("{\"a\":1,}"))
			.withMessageContaining("position");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("[1 2]"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("\"open"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("tru"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("01"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("-"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("\"a\nb\""));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("\"\\x\""));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("{} {}"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read(""));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("[".repeat(1000)))
			.withMessageContaining("nested too deeply");
	}

	@Test
	void refusesToWriteValuesJsonCannotHold() {
		assertThatIllegalArgumentException().isThrownBy(() -> Json.write(Double.NaN))
			.withMessageContaining("'value'");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.write(new Object()))
			.withMessageContaining("'value'");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.write(Map.of(1, "a")))
			.withMessageContaining("String keys");
	}

	private static Map<String, Object> mapOf(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
