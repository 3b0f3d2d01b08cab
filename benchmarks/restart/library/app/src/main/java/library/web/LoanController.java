package library.web;

import library.loans.LoanService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The loans desk.
 */
@Controller
class LoanController {

	private final LoanService loans;

	LoanController(LoanService loans) {
		this.loans = loans;
	}

	@GetMapping("/loans")
	String open(Model model) {
		model.addAttribute("loans", this.loans.open());
		return "loans/list";
	}

	@PostMapping("/loans")
	String lend(@RequestParam int book, @RequestParam int member) {
		this.loans.lend(book, member);
		return "redirect:/loans";
	}

	@PostMapping("/loans/{id}/return")
	String giveBack(@PathVariable int id) {
		this.loans.giveBack(id);
		return "redirect:/loans";
	}

}
