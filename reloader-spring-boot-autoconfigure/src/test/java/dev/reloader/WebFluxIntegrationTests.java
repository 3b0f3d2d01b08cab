package dev.reloader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.reloader.ReloadingApplicationIntegrationTests.application;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end test of a WebFlux application on Reactor Netty, with no Servlet stack on its
 * class path: it reloads like a Spring MVC application, and its children shut Reactor
 * Netty down without the default quiet period, so that the next child gets the port at
 * once.
 *
 * @author Reloader contributors
 */
class WebFluxIntegrationTests {

	private static final String APP = "com.example.reload.DemoApplication";

	private static final String CONTROLLER = "com.example.reload.GreetingController";

	static final String[] WEBFLUX = { "spring-boot-webflux", "spring-boot-http-codec", "spring-boot-reactor",
			"spring-boot-reactor-netty", "spring-boot-netty", "spring-webflux", "reactor-core", "reactive-streams",
			"reactor-netty-http", "reactor-netty-core", "netty-common", "netty-buffer", "netty-transport",
			"netty-resolver", "netty-handler", "netty-handler-proxy", "netty-codec-base", "netty-codec-compression",
			"netty-codec-http", "netty-codec-http2", "netty-codec-http3", "netty-codec-classes-quic",
			"netty-codec-dns", "netty-codec-socks", "netty-resolver-dns", "netty-transport-native-unix-common" };

	@TempDir
	Path directory;

	@Test
	void webFluxApplicationReloadsWithoutReactorNettyQuietPeriod() throws Exception {
		try (TestApplication app = new TestApplication(this.directory)) {
			app.withoutServletStack().jars(WEBFLUX);
			app.source(APP, application("org.springframework.boot.SpringApplication.run(DemoApplication.class, args);"));
			app.source(CONTROLLER, controller("flux v1"));
			app.compile();
			Process supervisor = app.start(List.of(), APP);
			await().until(() -> app.get("/"), "flux v1, quiet period 0s"::equals);
			assertThat(app.output()).contains("Netty started on port").doesNotContain("Tomcat");
			app.awaitWatching(1);

			app.source(CONTROLLER, controller("flux v2")).compile();
			await().until(() -> app.get("/"), "flux v2, quiet period 0s"::equals);
			assertThat(app.countInOutput("Reloading")).isOne();
			app.awaitWatching(2);

			app.source(CONTROLLER, controller("flux v3")).compile();
			await().until(() -> app.get("/"), "flux v3, quiet period 0s"::equals);
			assertThat(app.countInOutput("Reloading")).isEqualTo(2);

			supervisor.destroy();
			await().until(() -> !supervisor.isAlive());
			await().until(() -> supervisor.descendants().noneMatch(ProcessHandle::isAlive));
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200));
	}

	private static String controller(String greeting) {
		return """
				package com.example.reload;

				import reactor.core.publisher.Mono;

				import org.springframework.beans.factory.annotation.Value;
				import org.springframework.web.bind.annotation.GetMapping;
				import org.springframework.web.bind.annotation.RestController;

				@RestController
				class GreetingController {

					@Value("${spring.reactor.netty.shutdown-quiet-period:not set}")
					String quietPeriod;

					@GetMapping("/")
					Mono<String> greeting() {
						return Mono.just("%s, quiet period " + this.quietPeriod);
					}

				}
				""".formatted(greeting);
	}

}
