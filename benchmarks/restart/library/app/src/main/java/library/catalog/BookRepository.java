package library.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The books of the catalog.
 */
public interface BookRepository extends JpaRepository<Book, Integer> {

	@EntityGraph(attributePaths = "genre")
	Page<Book> findByTitleContainingIgnoreCase(String title, Pageable pageable);

	@Query("select b from Book b join b.authors a where a.id = :authorId order by b.published")
	List<Book> findByAuthor(@Param("authorId") Integer authorId);

	@EntityGraph(attributePaths = { "authors", "publisher", "genre", "reviews" })
	Optional<Book> findWithDetailsById(Integer id);

	long countByGenreName(String genre);

}
