package library.catalog;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The reviews of books.
 */
public interface ReviewRepository extends JpaRepository<Review, Integer> {

	List<Review> findTop5ByOrderByWrittenDesc();

}
