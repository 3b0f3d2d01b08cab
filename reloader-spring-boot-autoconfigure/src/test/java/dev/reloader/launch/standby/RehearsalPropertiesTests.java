package dev.reloader.launch.standby;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RehearsalProperties}.
 *
 * @author Reloader contributors
 */
class RehearsalPropertiesTests {

	@Test
	void dialectComesFromTheJdbcUrl() {
		assertThat(RehearsalProperties.dialect(environment("spring.datasource.url", "jdbc:h2:file:./data/app")))
			.isEqualTo("org.hibernate.dialect.H2Dialect");
		assertThat(RehearsalProperties.dialect(environment("spring.datasource.url", "jdbc:postgresql://db/app")))
			.isEqualTo("org.hibernate.dialect.PostgreSQLDialect");
	}

	@Test
	void dialectTheApplicationConfiguresIsKept() {
		assertThat(RehearsalProperties.dialect(environment("spring.datasource.url", "jdbc:h2:mem:app",
				"spring.jpa.database-platform", "com.example.MyDialect")))
			.isEqualTo("com.example.MyDialect");
	}

	@Test
	void noDialectForAnUnknownDatabase() {
		assertThat(RehearsalProperties.dialect(environment("spring.datasource.url", "jdbc:unknown://db"))).isNull();
	}

	@Test
	void rehearsalPropertiesWinOverTheCommandLine() {
		StandardEnvironment environment = new StandardEnvironment();
		RehearsalProperties.addTo(environment);
		environment.getPropertySources()
			.addFirst(new SimpleCommandLinePropertySource("--spring.jpa.hibernate.ddl-auto=create-drop",
					"--server.port=8080", "--spring.datasource.url=jdbc:h2:mem:app"));
		RehearsalProperties.putOnTop(environment);
		assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("none");
		assertThat(environment.getProperty("server.port")).isEqualTo("-1");
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("spring.jpa.properties.hibernate.dialect"))
			.isEqualTo("org.hibernate.dialect.H2Dialect");
		assertThat(RehearsalProperties.isRehearsal(environment)).isTrue();
		assertThat(RehearsalProperties.isRehearsal(new StandardEnvironment())).isFalse();
	}

	private static StandardEnvironment environment(String... pairs) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			properties.put(pairs[i], pairs[i + 1]);
		}
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
