package library.members;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

import library.catalog.NamedEntity;

/**
 * A member of the library, who borrows books.
 */
@Entity
@Table(name = "members")
public class Member extends NamedEntity {

	@NotBlank
	@Email
	@Column(unique = true)
	private String email;

	private LocalDate joined = LocalDate.now();

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public LocalDate getJoined() {
		return this.joined;
	}

}
