package library.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Size;

/**
 * The publisher of books.
 */
@Entity
@Table(name = "publishers")
public class Publisher extends NamedEntity {

	@Size(max = 80)
	private String city;

	public String getCity() {
		return this.city;
	}

	public void setCity(String city) {
		this.city = city;
	}

}
