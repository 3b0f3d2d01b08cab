package library.config;

import library.catalog.BookRepository;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Tells Actuator's health endpoint how many books there are.
 */
@Component
public class LibraryHealthIndicator implements HealthIndicator {

	private final BookRepository books;

	public LibraryHealthIndicator(BookRepository books) {
		this.books = books;
	}

	@Override
	public Health health() {
		return Health.up().withDetail("books", this.books.count()).build();
	}

}
