package library.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A genre a book belongs to.
 */
@Entity
@Table(name = "genres")
public class Genre extends NamedEntity {

}
