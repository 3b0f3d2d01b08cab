package bench;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The class the benchmark rewrites between rounds.
 */
@RestController
class GreetingController {

	@GetMapping("/")
	String greeting() {
		return "v0";
	}

}
