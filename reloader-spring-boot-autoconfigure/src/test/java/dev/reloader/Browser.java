package dev.reloader;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through chromedriver, both from the machine's packages
 * (Debian: {@code apt-get install chromium chromium-driver}; other locations through the
 * {@code CHROMIUM} and {@code CHROMEDRIVER} environment variables).
 *
 * @author Reloader contributors
 */
final class Browser implements AutoCloseable {

	/**
	 * Selenium warns that it has no DevTools protocol support for this Chromium; the tests
	 * need none. Kept in a field: the logging system holds loggers weakly.
	 */
	private static final Logger seleniumLogger = quiet(Logger.getLogger("org.openqa.selenium"));

	private final ChromeDriver driver;

	Browser(Path profile) throws IOException {
		Path chromium = executable("CHROMIUM", "chromium", "chromium-browser", "google-chrome");
		Path chromedriver = executable("CHROMEDRIVER", "chromedriver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectories(profile));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	/**
	 * Open a page; the only navigation a test makes.
	 * @param url the page's address
	 */
	void open(String url) {
		this.driver.get(url);
	}

	/**
	 * Return the text of the page's element with the given id.
	 * @param id the element's id
	 * @return its text, or {@code null} when the page has no such element (yet)
	 */
	String text(String id) {
		try {
			List<WebElement> elements = this.driver.findElements(By.id(id));
			return elements.isEmpty() ? null : elements.get(0).getText();
		}
		catch (RuntimeException ex) {
			// The page is being reloaded
			return null;
		}
	}

	/**
	 * Return whether the page's refresh script has its event stream open.
	 * @return whether the stream is open
	 */
	boolean isListening() {
		try {
			return !this.driver.findElements(By.cssSelector("script[data-reloader=open]")).isEmpty();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	Object script(String script) {
		return this.driver.executeScript(script);
	}

	@Override
	public void close() {
		this.driver.quit();
	}

	private static Logger quiet(Logger logger) {
		logger.setLevel(Level.SEVERE);
		return logger;
	}

	private static Path executable(String variable, String... names) {
		String configured = System.getenv(variable);
		if (configured != null && !configured.isBlank()) {
			return Paths.get(configured);
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			for (String name : names) {
				Path candidate = Paths.get(directory, name);
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		throw new IllegalStateException("No " + String.join(" or ", names) + " on the PATH (set " + variable
				+ "); on Debian: apt-get install chromium chromium-driver");
	}

}
