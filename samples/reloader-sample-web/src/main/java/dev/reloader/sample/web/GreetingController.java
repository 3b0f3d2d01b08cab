package dev.reloader.sample.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Edit the greeting, recompile, and the next request answers with the new text.
 *
 * @author Reloader contributors
 */
@RestController
class GreetingController {

	@GetMapping("/")
	String greeting() {
		return "Hello from the reloader sample";
	}

}
