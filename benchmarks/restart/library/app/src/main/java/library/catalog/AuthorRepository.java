package library.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The authors of the catalog.
 */
public interface AuthorRepository extends JpaRepository<Author, Integer> {

	List<Author> findByNameStartingWithIgnoreCaseOrderByName(String prefix);

}
