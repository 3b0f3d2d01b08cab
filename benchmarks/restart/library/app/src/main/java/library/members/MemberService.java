package library.members;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.Errors;

/**
 * Signs members up.
 */
@Service
public class MemberService {

	private final MemberRepository members;

	public MemberService(MemberRepository members) {
		this.members = members;
	}

	@Transactional
	public Member signUp(MemberForm form, Errors errors) {
		if (this.members.existsByEmailIgnoreCase(form.getEmail())) {
			errors.rejectValue("email", "duplicate", "Already a member");
			return null;
		}
		Member member = new Member();
		member.setName(form.getName());
		member.setEmail(form.getEmail());
		return this.members.save(member);
	}

}
