package library;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The realistic benchmark application: a lending library with Spring Data JPA on H2,
 * Thymeleaf views, validation, caching and Actuator. A plain {@code SpringApplication.run},
 * so the same classes run with the reloader starter on the class path or with
 * spring-boot-devtools.
 */
@SpringBootApplication
@EnableCaching
public class LibraryApplication {

	public static void main(String[] args) {
		SpringApplication.run(LibraryApplication.class, args);
	}

}
