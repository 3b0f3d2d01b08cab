package library.loans;

import java.time.LocalDate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotNull;

import library.catalog.Book;
import library.members.Member;

/**
 * A book lent to a member.
 */
@Entity
@Table(name = "loans")
public class Loan {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Integer id;

	@NotNull
	@ManyToOne(optional = false)
	@JoinColumn(name = "book_id")
	private Book book;

	@NotNull
	@ManyToOne(optional = false)
	@JoinColumn(name = "member_id")
	private Member member;

	private LocalDate lent = LocalDate.now();

	private LocalDate due;

	private LocalDate returned;

	public Integer getId() {
		return this.id;
	}

	public Book getBook() {
		return this.book;
	}

	public void setBook(Book book) {
		this.book = book;
	}

	public Member getMember() {
		return this.member;
	}

	public void setMember(Member member) {
		this.member = member;
	}

	public LocalDate getLent() {
		return this.lent;
	}

	public LocalDate getDue() {
		return this.due;
	}

	public void setDue(LocalDate due) {
		this.due = due;
	}

	public LocalDate getReturned() {
		return this.returned;
	}

	public void setReturned(LocalDate returned) {
		this.returned = returned;
	}

	public boolean isOverdue(LocalDate today) {
		return this.returned == null && this.due != null && this.due.isBefore(today);
	}

}
