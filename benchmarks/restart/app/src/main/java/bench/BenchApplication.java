package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark application: a plain {@code SpringApplication.run}, so the same classes
 * run with the reloader starter on the class path or with spring-boot-devtools.
 */
@SpringBootApplication
public class BenchApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchApplication.class, args);
	}

}
