package library.catalog;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The publishers.
 */
public interface PublisherRepository extends JpaRepository<Publisher, Integer> {

}
