package library.loans;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import library.catalog.BookRepository;
import library.catalog.NotFoundException;
import library.members.MemberRepository;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lends books and takes them back.
 */
@Service
public class LoanService {

	private final LoanRepository loans;

	private final BookRepository books;

	private final MemberRepository members;

	private final LoanPolicy policy;

	private final Clock clock;

	public LoanService(LoanRepository loans, BookRepository books, MemberRepository members, LoanPolicy policy,
			Clock clock) {
		this.loans = loans;
		this.books = books;
		this.members = members;
		this.policy = policy;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<Loan> open() {
		return this.loans.findOpen();
	}

	@Transactional
	public Loan lend(int bookId, int memberId) {
		if (this.loans.existsByBookIdAndReturnedIsNull(bookId)) {
			throw new IllegalStateException("Book " + bookId + " is lent already");
		}
		Loan loan = new Loan();
		loan.setBook(this.books.findById(bookId).orElseThrow(() -> new NotFoundException("book", bookId)));
		loan.setMember(this.members.findById(memberId).orElseThrow(() -> new NotFoundException("member", memberId)));
		loan.setDue(LocalDate.now(this.clock).plusDays(this.policy.getPeriod().toDays()));
		return this.loans.save(loan);
	}

	@Transactional
	public void giveBack(int loanId) {
		Loan loan = this.loans.findById(loanId).orElseThrow(() -> new NotFoundException("loan", loanId));
		loan.setReturned(LocalDate.now(this.clock));
	}

}
