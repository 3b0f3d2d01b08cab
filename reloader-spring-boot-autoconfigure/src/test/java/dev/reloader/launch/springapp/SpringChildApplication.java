package dev.reloader.launch.springapp;

import java.util.concurrent.CountDownLatch;

import jakarta.annotation.PreDestroy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A small Spring Boot application without a web server for tests that launch it in a
 * real JVM, with the reloader in zero-code mode. It runs until its context closes.
 *
 * @author Reloader contributors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SpringChildApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SpringChildApplication.class);
		application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
		application.run(args);
	}

	@Bean
	KeepAlive keepAlive() {
		return new KeepAlive();
	}

	static class KeepAlive {

		private final CountDownLatch closed = new CountDownLatch(1);

		KeepAlive() {
			Thread thread = new Thread(this::awaitClose, "keep-alive");
			thread.start();
			System.out.println("Application started (pid " + ProcessHandle.current().pid() + ")");
		}

		private void awaitClose() {
			try {
				this.closed.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@PreDestroy
		void close() {
			System.out.println("PreDestroy called");
			this.closed.countDown();
		}

	}

}
