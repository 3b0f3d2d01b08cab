package library.catalog;

import java.util.List;

import org.springframework.data.repository.Repository;

/**
 * The genres, read only.
 */
public interface GenreRepository extends Repository<Genre, Integer> {

	List<Genre> findAllByOrderByName();

}
