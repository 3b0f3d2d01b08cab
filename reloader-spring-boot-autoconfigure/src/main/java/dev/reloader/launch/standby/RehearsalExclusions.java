package dev.reloader.launch.standby;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Libraries that act on a server as soon as their client is created or their
 * configuration is read, before any lifecycle starts: a rehearsal cannot be kept from
 * them by the properties it runs with or by refusing database connections, so an
 * application that has one of them on its class path is not rehearsed, and its standby
 * warms up on the dependencies alone.
 *
 * @author Reloader contributors
 */
final class RehearsalExclusions {

	private static final Map<String, String> EXCLUDED = excluded();

	private RehearsalExclusions() {
	}

	/**
	 * Fail if the application has a library on its class path that a rehearsal cannot be
	 * kept from.
	 * @param classLoader the rehearsal's class loader
	 * @throws IllegalStateException naming the first such library and what it would do
	 */
	static void check(ClassLoader classLoader) {
		for (Map.Entry<String, String> entry : EXCLUDED.entrySet()) {
			if (isPresent(entry.getKey(), classLoader)) {
				throw new IllegalStateException("Rehearsal left out: " + entry.getKey() + " is on the class path ("
						+ entry.getValue() + ")");
			}
		}
	}

	private static boolean isPresent(String className, ClassLoader classLoader) {
		// Looked up as a resource, so that nothing of it is loaded or initialized
		return classLoader.getResource(className.replace('.', '/') + ".class") != null;
	}

	private static Map<String, String> excluded() {
		Map<String, String> excluded = new LinkedHashMap<>();
		excluded.put("com.mongodb.client.MongoClient", "the MongoDB client connects as it is created");
		excluded.put("com.mongodb.reactivestreams.client.MongoClient", "the MongoDB client connects as it is created");
		excluded.put("com.datastax.oss.driver.api.core.CqlSession",
				"the Cassandra session connects as it is created, and Spring Data may run schema actions");
		excluded.put("com.couchbase.client.java.Cluster", "the Couchbase cluster connects as it is created");
		excluded.put("org.neo4j.driver.Driver", "the Neo4j driver may verify its connection as it is created");
		excluded.put("org.springframework.data.elasticsearch.core.ElasticsearchOperations",
				"Spring Data Elasticsearch creates indexes as its repositories are created");
		excluded.put("org.springframework.kafka.core.KafkaAdmin",
				"Kafka's admin creates topics once every bean exists, before the lifecycle starts");
		excluded.put("com.hazelcast.core.HazelcastInstance", "a Hazelcast instance joins its cluster as it is created");
		excluded.put("org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ",
				"the embedded Artemis broker starts, and writes its journal, as it is created");
		excluded.put("org.apache.curator.framework.CuratorFramework",
				"the ZooKeeper client connects as it is created");
		excluded.put("org.springframework.session.data.redis.config.ConfigureRedisAction",
				"Spring Session configures the Redis server as it starts");
		excluded.put("org.springframework.cloud.config.client.ConfigServerConfigDataLoader",
				"configuration is fetched from the Config Server as the environment is prepared");
		excluded.put("org.springframework.cloud.vault.config.VaultConfigDataLoader",
				"configuration is fetched from Vault as the environment is prepared");
		excluded.put("org.springframework.cloud.consul.config.ConsulConfigDataLoader",
				"configuration is fetched from Consul as the environment is prepared");
		excluded.put("com.netflix.discovery.DiscoveryClient", "the Eureka client registers as it is created");
		return excluded;
	}

}
