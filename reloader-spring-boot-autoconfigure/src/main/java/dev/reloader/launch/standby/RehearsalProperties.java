package dev.reloader.launch.standby;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The properties a rehearsal runs with, above everything the application configures
 * (command line included): they keep it off the database (no schema action, no
 * initializer, no metadata query: the Hibernate dialect comes from the JDBC URL), off the
 * network (no web server, no Docker Compose, no metrics export, no JMX) and off the disk
 * (no log file, no schema script).
 *
 * @author Reloader contributors
 */
final class RehearsalProperties {

	static final String SOURCE_NAME = "reloaderStandbyRehearsal";

	static final String REHEARSAL_PROPERTY = "dev.reloader.standby-rehearsal";

	private static final String HIBERNATE = "spring.jpa.properties.hibernate.";

	private static final Map<String, String> DIALECTS = dialects();

	private RehearsalProperties() {
	}

	static void addTo(ConfigurableEnvironment environment) {
		environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, safetyProperties()));
	}

	/**
	 * Put the rehearsal's properties above all others once the environment is prepared,
	 * and add those that depend on the application's configuration.
	 * @param environment the prepared environment
	 */
	static void putOnTop(ConfigurableEnvironment environment) {
		environment.getPropertySources().remove(SOURCE_NAME);
		Map<String, Object> properties = new LinkedHashMap<>(safetyProperties());
		String dialect = dialect(environment);
		if (dialect != null) {
			properties.put("spring.jpa.database-platform", dialect);
			properties.put(HIBERNATE + "dialect", dialect);
		}
		environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, properties));
	}

	static boolean isRehearsal(ConfigurableEnvironment environment) {
		return environment.getPropertySources().contains(SOURCE_NAME);
	}

	/**
	 * The dialect the application configures, or the one its JDBC URL (or embedded
	 * database) calls for.
	 */
	static String dialect(ConfigurableEnvironment environment) {
		String configured = environment.getProperty(HIBERNATE + "dialect",
				environment.getProperty("spring.jpa.database-platform"));
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		String url = environment.getProperty("spring.datasource.url");
		if (url == null) {
			return embeddedDialect();
		}
		String lower = url.toLowerCase(Locale.ROOT);
		for (Map.Entry<String, String> entry : DIALECTS.entrySet()) {
			if (lower.startsWith(entry.getKey())) {
				return entry.getValue();
			}
		}
		return null;
	}

	private static String embeddedDialect() {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		for (String[] embedded : new String[][] { { "org.h2.Driver", "jdbc:h2:" },
				{ "org.hsqldb.jdbc.JDBCDriver", "jdbc:hsqldb:" } }) {
			try {
				Class.forName(embedded[0], false, loader);
				return DIALECTS.get(embedded[1]);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// Not this one
			}
		}
		return null;
	}

	private static Map<String, Object> safetyProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(REHEARSAL_PROPERTY, "true");
		// The database: no connection, no schema action, no initializer
		properties.put("spring.sql.init.mode", "never");
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.jpa.generate-ddl", "false");
		properties.put(HIBERNATE + "hbm2ddl.auto", "none");
		properties.put(HIBERNATE + "boot.allow_jdbc_metadata_access", "false");
		properties.put("spring.jpa.properties.jakarta.persistence.schema-generation.database.action", "none");
		properties.put("spring.jpa.properties.jakarta.persistence.schema-generation.scripts.action", "none");
		properties.put("spring.datasource.hikari.initialization-fail-timeout", "-1");
		properties.put("spring.datasource.hikari.register-mbeans", "false");
		properties.put("spring.flyway.enabled", "false");
		properties.put("spring.liquibase.enabled", "false");
		properties.put("spring.batch.jdbc.initialize-schema", "never");
		properties.put("spring.session.jdbc.initialize-schema", "never");
		properties.put("spring.quartz.jdbc.initialize-schema", "never");
		properties.put("spring.quartz.auto-startup", "false");
		properties.put("spring.integration.jdbc.initialize-schema", "never");
		// The network: no web server (nor its threads and temporary directories), no
		// containers, no export, no JMX; the warm-up rounds warm the web server up
		properties.put("spring.main.web-application-type", "none");
		properties.put("server.port", "-1");
		properties.put("management.server.port", "-1");
		properties.put("spring.docker.compose.enabled", "false");
		properties.put("management.defaults.metrics.export.enabled", "false");
		properties.put("management.metrics.use-global-registry", "false");
		properties.put("spring.jmx.enabled", "false");
		properties.put("spring.application.admin.enabled", "false");
		properties.put("spring.devtools.restart.enabled", "false");
		properties.put("spring.devtools.livereload.enabled", "false");
		properties.put("reloader.enabled", "false");
		// The disk and the console: no log file, no banner, no shutdown hook
		properties.put("logging.file.name", "");
		properties.put("logging.file.path", "");
		properties.put("logging.register-shutdown-hook", "false");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		properties.put("spring.main.register-shutdown-hook", "false");
		return properties;
	}

	private static Map<String, String> dialects() {
		Map<String, String> dialects = new LinkedHashMap<>();
		dialects.put("jdbc:h2:", "org.hibernate.dialect.H2Dialect");
		dialects.put("jdbc:hsqldb:", "org.hibernate.dialect.HSQLDialect");
		dialects.put("jdbc:postgresql:", "org.hibernate.dialect.PostgreSQLDialect");
		dialects.put("jdbc:mysql:", "org.hibernate.dialect.MySQLDialect");
		dialects.put("jdbc:mariadb:", "org.hibernate.dialect.MariaDBDialect");
		dialects.put("jdbc:oracle:", "org.hibernate.dialect.OracleDialect");
		dialects.put("jdbc:sqlserver:", "org.hibernate.dialect.SQLServerDialect");
		return dialects;
	}

}
