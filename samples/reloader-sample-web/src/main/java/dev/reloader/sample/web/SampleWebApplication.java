package dev.reloader.sample.web;

import dev.reloader.ReloadingSpringApplication;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web application that restarts in a fresh JVM when its classes change.
 *
 * @author Reloader contributors
 */
@SpringBootApplication
public class SampleWebApplication {

	public static void main(String[] args) {
		ReloadingSpringApplication.run(SampleWebApplication.class, args);
	}

}
