package library.web;

import jakarta.validation.Valid;

import library.members.MemberForm;
import library.members.MemberService;

import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The sign-up form.
 */
@Controller
class MemberController {

	private final MemberService members;

	MemberController(MemberService members) {
		this.members = members;
	}

	@GetMapping("/members/new")
	String form(@ModelAttribute("form") MemberForm form) {
		return "members/form";
	}

	@PostMapping("/members/new")
	String signUp(@Valid @ModelAttribute("form") MemberForm form, BindingResult result) {
		if (result.hasErrors() || this.members.signUp(form, result) == null) {
			return "members/form";
		}
		return "redirect:/books";
	}

}
