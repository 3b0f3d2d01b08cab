package library.web;

import java.util.Map;

import library.catalog.BookRepository;
import library.catalog.CatalogService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON side of the catalog, and the class the benchmark rewrites between reloads.
 */
@RestController
class ApiController {

	private final BookRepository books;

	private final CatalogService catalog;

	ApiController(BookRepository books, CatalogService catalog) {
		this.books = books;
		this.catalog = catalog;
	}

	@GetMapping("/")
	String version() {
		return "v0";
	}

	@GetMapping("/api/stats")
	Map<String, Object> stats() {
		return Map.of("books", this.books.count(), "genres", this.catalog.genres().size());
	}

	@GetMapping("/api/books/{id}")
	Map<String, Object> book(@PathVariable int id) {
		var book = this.catalog.book(id);
		return Map.of("title", book.getTitle(), "stars", book.getAverageStars());
	}

}
