package dev.reloader.watch.watchman;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small part of JSON that the Watchman protocol needs, written here so that watching
 * needs no JSON library. Values are {@link Map} (with {@link String} keys, in document
 * order), {@link List}, {@link String}, {@link Long} (integers), {@link Double} (other
 * numbers), {@link Boolean} and {@code null}.
 *
 * @author Reloader contributors
 */
final class Json {

	private static final int MAX_DEPTH = 512;

	private Json() {
	}

	/**
	 * Write a value on one line, with no line break inside, as Watchman's JSON encoding
	 * expects one value per line.
	 * @param value the value
	 * @return the JSON text
	 * @throws IllegalArgumentException if the value, or one nested in it, cannot be
	 * written
	 */
	static String write(Object value) {
		StringBuilder json = new StringBuilder();
		write(json, value);
		return json.toString();
	}

	/**
	 * Read exactly one value, with optional white space around it.
	 * @param json the JSON text
	 * @return the value
	 * @throws IllegalArgumentException if the text is not one JSON value
	 */
	static Object read(CharSequence json) {
		Reader reader = new Reader(json);
		reader.skipWhitespace();
		Object value = reader.readValue(0);
		reader.skipWhitespace();
		if (reader.position < json.length()) {
			throw reader.error("Unexpected text after the value");
		}
		return value;
	}

	private static void write(StringBuilder json, Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof CharSequence text) {
			writeString(json, text);
		}
		else if (value instanceof Boolean) {
			json.append(value);
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Short
				|| value instanceof Byte) {
			json.append(((Number) value).longValue());
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (Double.isNaN(number) || Double.isInfinite(number)) {
				throw new IllegalArgumentException("'value' must be a finite number, was " + number);
			}
			json.append(number);
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String key)) {
					throw new IllegalArgumentException("'value' must have String keys, found " + entry.getKey());
				}
				if (!first) {
					json.append(',');
				}
				first = false;
				writeString(json, key);
				json.append(':');
				write(json, entry.getValue());
			}
			json.append('}');
		}
		else if (value instanceof Iterable<?> iterable) {
			json.append('[');
			boolean first = true;
			for (Object element : iterable) {
				if (!first) {
					json.append(',');
				}
				first = false;
				write(json, element);
			}
			json.append(']');
		}
		else if (value instanceof Object[] array) {
			write(json, List.of(array));
		}
		else {
			throw new IllegalArgumentException("'value' must be a JSON type, found " + value.getClass().getName());
		}
	}

	private static void writeString(StringBuilder json, CharSequence text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	private static final class Reader {

		private final CharSequence json;

		private int position;

		Reader(CharSequence json) {
			this.json = json;
		}

		Object readValue(int depth) {
			if (depth > MAX_DEPTH) {
				throw error("Values are nested too deeply");
			}
			if (this.position >= this.json.length()) {
				throw error("Unexpected end of text");
			}
			char c = this.json.charAt(this.position);
			return switch (c) {
				case '{' -> readObject(depth);
				case '[' -> readArray(depth);
				case '"' -> readString();
				case 't' -> readLiteral("true", Boolean.TRUE);
				case 'f' -> readLiteral("false", Boolean.FALSE);
				case 'n' -> readLiteral("null", null);
				default -> {
					if (c == '-' || (c >= '0' && c <= '9')) {
						yield readNumber();
					}
					throw error("Unexpected character '" + c + "'");
				}
			};
		}

		private Map<String, Object> readObject(int depth) {
			this.position++;
			Map<String, Object> object = new LinkedHashMap<>();
			skipWhitespace();
			if (peek() == '}') {
				this.position++;
				return Collections.emptyMap();
			}
			while (true) {
				skipWhitespace();
				if (peek() != '"') {
					throw error("Expected a string key");
				}
				String key = readString();
				skipWhitespace();
				expect(':');
				skipWhitespace();
				object.put(key, readValue(depth + 1));
				skipWhitespace();
				char c = next();
				if (c == '}') {
					return Collections.unmodifiableMap(object);
				}
				if (c != ',') {
					throw error("Expected ',' or '}'");
				}
			}
		}

		private List<Object> readArray(int depth) {
			this.position++;
			List<Object> array = new ArrayList<>();
			skipWhitespace();
			if (peek() == ']') {
				this.position++;
				return Collections.unmodifiableList(array);
			}
			while (true) {
				skipWhitespace();
				array.add(readValue(depth + 1));
				skipWhitespace();
				char c = next();
				if (c == ']') {
					return Collections.unmodifiableList(array);
				}
				if (c != ',') {
					throw error("Expected ',' or ']'");
				}
			}
		}

		private String readString() {
			this.position++;
			StringBuilder text = new StringBuilder();
			while (true) {
				char c = next();
				if (c == '"') {
					return text.toString();
				}
				if (c == '\\') {
					char escaped = next();
					switch (escaped) {
						case '"', '\\', '/' -> text.append(escaped);
						case 'b' -> text.append('\b');
						case 'f' -> text.append('\f');
						case 'n' -> text.append('\n');
						case 'r' -> text.append('\r');
						case 't' -> text.append('\t');
						case 'u' -> text.append(readHexChar());
						default -> throw error("Unknown escape '\\" + escaped + "'");
					}
				}
				else if (c < 0x20) {
					throw error("Control character in string");
				}
				else {
					text.append(c);
				}
			}
		}

		private char readHexChar() {
			if (this.position + 4 > this.json.length()) {
				throw error("Unexpected end of text in \\u escape");
			}
			int value = 0;
			for (int i = 0; i < 4; i++) {
				int digit = Character.digit(this.json.charAt(this.position++), 16);
				if (digit < 0) {
					throw error("Invalid \\u escape");
				}
				value = value * 16 + digit;
			}
			return (char) value;
		}

		private Object readNumber() {
			int start = this.position;
			boolean integral = true;
			if (peek() == '-') {
				this.position++;
			}
			if (peek() == '0') {
				this.position++;
			}
			else {
				requireDigits();
			}
			if (peek() == '.') {
				integral = false;
				this.position++;
				requireDigits();
			}
			if (peek() == 'e' || peek() == 'E') {
				integral = false;
				this.position++;
				if (peek() == '+' || peek() == '-') {
					this.position++;
				}
				requireDigits();
			}
			String number = this.json.subSequence(start, this.position).toString();
			if (integral) {
				try {
					return Long.parseLong(number);
				}
				catch (NumberFormatException ex) {
					// Too large for a long: keep it as an approximate number
				}
			}
			return Double.parseDouble(number);
		}

		private void requireDigits() {
			int start = this.position;
			while (this.position < this.json.length() && Character.isDigit(this.json.charAt(this.position))
					&& this.json.charAt(this.position) < 0x80) {
				this.position++;
			}
			if (this.position == start) {
				throw error("Expected a digit");
			}
		}

		private Object readLiteral(String literal, Object value) {
			for (int i = 0; i < literal.length(); i++) {
				if (next() != literal.charAt(i)) {
					throw error("Expected '" + literal + "'");
				}
			}
			return value;
		}

		void skipWhitespace() {
			while (this.position < this.json.length()) {
				char c = this.json.charAt(this.position);
				if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
					return;
				}
				this.position++;
			}
		}

		private void expect(char expected) {
			if (next() != expected) {
				this.position--;
				throw error("Expected '" + expected + "'");
			}
		}

		private char peek() {
			return (this.position < this.json.length()) ? this.json.charAt(this.position) : '\0';
		}

		private char next() {
			if (this.position >= this.json.length()) {
				throw error("Unexpected end of text");
			}
			return this.json.charAt(this.position++);
		}

		IllegalArgumentException error(String message) {
			return new IllegalArgumentException(message + " at position " + this.position + " of JSON text");
		}

	}

}
