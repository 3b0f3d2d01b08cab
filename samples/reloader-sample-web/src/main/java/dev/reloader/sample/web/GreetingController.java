package dev.reloader.sample.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Edit the greeting, recompile, and the next request answers with the new text; the page
 * open in the browser refreshes itself.
 *
 * @author Reloader contributors
 */
@RestController
class GreetingController {

	@GetMapping("/")
	String greeting() {
		return "Hello from the reloader sample";
	}

	@GetMapping(path = "/page", produces = MediaType.TEXT_HTML_VALUE)
	String page() {
		return "<!DOCTYPE html><html><head><title>Reloader sample</title></head><body><h1>" + greeting()
				+ "</h1></body></html>";
	}

}
