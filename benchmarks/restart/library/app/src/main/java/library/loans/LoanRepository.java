package library.loans;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * The loans.
 */
public interface LoanRepository extends JpaRepository<Loan, Integer> {

	@Query("select l from Loan l join fetch l.book join fetch l.member where l.returned is null order by l.due")
	List<Loan> findOpen();

	boolean existsByBookIdAndReturnedIsNull(Integer bookId);

}
