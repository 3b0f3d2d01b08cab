package library.members;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The members of the library.
 */
public interface MemberRepository extends JpaRepository<Member, Integer> {

	Optional<Member> findByEmailIgnoreCase(String email);

	boolean existsByEmailIgnoreCase(String email);

}
