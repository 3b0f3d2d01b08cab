package library.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Past;

import org.springframework.format.annotation.DateTimeFormat;

/**
 * An author of books.
 */
@Entity
@Table(name = "authors")
public class Author extends NamedEntity {

	@Past
	@DateTimeFormat(pattern = "yyyy-MM-dd")
	private LocalDate born;

	@ManyToMany(mappedBy = "authors")
	@OrderBy("title")
	private List<Book> books = new ArrayList<>();

	public LocalDate getBorn() {
		return this.born;
	}

	public void setBorn(LocalDate born) {
		this.born = born;
	}

	public List<Book> getBooks() {
		return this.books;
	}

}
