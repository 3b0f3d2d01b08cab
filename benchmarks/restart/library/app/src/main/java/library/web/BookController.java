package library.web;

import jakarta.validation.Valid;

import library.catalog.Book;
import library.catalog.CatalogService;
import library.catalog.Review;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The catalog pages.
 */
@Controller
class BookController {

	private final CatalogService catalog;

	BookController(CatalogService catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/books")
	String list(@RequestParam(required = false) String title, @RequestParam(defaultValue = "0") int page,
			Model model) {
		model.addAttribute("books", this.catalog.search(title, page));
		model.addAttribute("title", title);
		return "books/list";
	}

	@GetMapping("/books/{id}")
	String show(@PathVariable int id, Model model) {
		model.addAttribute("book", this.catalog.book(id));
		model.addAttribute("review", new Review());
		return "books/show";
	}

	@PostMapping("/books/{id}/reviews")
	String review(@PathVariable int id, @Valid @ModelAttribute("review") Review review, BindingResult result,
			Model model) {
		if (result.hasErrors()) {
			model.addAttribute("book", this.catalog.book(id));
			return "books/show";
		}
		Book book = this.catalog.review(id, review);
		return "redirect:/books/" + book.getId();
	}

}
