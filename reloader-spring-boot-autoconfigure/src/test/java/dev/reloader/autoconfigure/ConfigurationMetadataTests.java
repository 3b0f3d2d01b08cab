package dev.reloader.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the defaults written by hand in
 * {@code META-INF/additional-spring-configuration-metadata.json} (for lists, which the
 * annotation processor cannot read) are the defaults of {@link ReloaderProperties}.
 *
 * @author Reloader contributors
 */
class ConfigurationMetadataTests {

	@Test
	void listDefaultsInTheMetadataAreThoseOfTheProperties() throws IOException {
		ReloaderProperties properties = new ReloaderProperties();
		Map<String, List<String>> defaults = new HashMap<>();
		defaults.put("reloader.watch.extra-paths", properties.getWatch().getExtraPaths());
		defaults.put("reloader.watch.exclude", properties.getWatch().getExclude());
		defaults.put("reloader.watch.additional-exclude", properties.getWatch().getAdditionalExclude());
		defaults.put("reloader.build.watch", properties.getBuild().getWatch());
		JsonNode metadata;
		try (InputStream input = getClass()
			.getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(input);
		}
		Map<String, List<String>> documented = new HashMap<>();
		for (JsonNode property : metadata.path("properties").values()) {
			documented.put(property.path("name").asString(),
					property.path("defaultValue").values().stream().map(JsonNode::asString).toList());
		}
		assertThat(documented).isEqualTo(defaults);
	}

}
