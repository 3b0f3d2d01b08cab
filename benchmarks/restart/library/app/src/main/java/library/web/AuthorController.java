package library.web;

import jakarta.validation.Valid;

import library.catalog.Author;
import library.catalog.CatalogService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The author pages.
 */
@Controller
class AuthorController {

	private final CatalogService catalog;

	AuthorController(CatalogService catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/authors")
	String list(@RequestParam(required = false) String prefix, Model model) {
		model.addAttribute("authors", this.catalog.authors(prefix));
		model.addAttribute("author", new Author());
		return "authors/list";
	}

	@PostMapping("/authors")
	String add(@Valid @ModelAttribute("author") Author author, BindingResult result, Model model) {
		if (result.hasErrors()) {
			model.addAttribute("authors", this.catalog.authors(null));
			return "authors/list";
		}
		this.catalog.save(author);
		return "redirect:/authors";
	}

}
