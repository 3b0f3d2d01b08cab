package library.catalog;

import java.util.List;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes the catalog; caches what the pages read most.
 */
@Service
@Transactional(readOnly = true)
public class CatalogService {

	private final BookRepository books;

	private final AuthorRepository authors;

	private final GenreRepository genres;

	public CatalogService(BookRepository books, AuthorRepository authors, GenreRepository genres) {
		this.books = books;
		this.authors = authors;
		this.genres = genres;
	}

	public Page<Book> search(String title, int page) {
		return this.books.findByTitleContainingIgnoreCase((title != null) ? title : "",
				PageRequest.of(page, 10, Sort.by("title")));
	}

	public Book book(int id) {
		return this.books.findWithDetailsById(id).orElseThrow(() -> new NotFoundException("book", id));
	}

	@Cacheable("authors")
	public List<Author> authors(String prefix) {
		return this.authors.findByNameStartingWithIgnoreCaseOrderByName((prefix != null) ? prefix : "");
	}

	@Cacheable("genres")
	public List<Genre> genres() {
		return this.genres.findAllByOrderByName();
	}

	@Transactional
	@CacheEvict(cacheNames = "authors", allEntries = true)
	public Author save(Author author) {
		return this.authors.save(author);
	}

	@Transactional
	public Book review(int bookId, Review review) {
		Book book = book(bookId);
		book.addReview(review);
		return book;
	}

}
