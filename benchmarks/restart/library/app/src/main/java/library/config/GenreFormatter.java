package library.config;

import java.text.ParseException;
import java.util.Locale;

import library.catalog.CatalogService;
import library.catalog.Genre;

import org.springframework.format.Formatter;
import org.springframework.stereotype.Component;

/**
 * Turns a genre into its name in forms, and a name back into the genre.
 */
@Component
public class GenreFormatter implements Formatter<Genre> {

	private final CatalogService catalog;

	public GenreFormatter(CatalogService catalog) {
		this.catalog = catalog;
	}

	@Override
	public String print(Genre genre, Locale locale) {
		return genre.getName();
	}

	@Override
	public Genre parse(String text, Locale locale) throws ParseException {
		return this.catalog.genres()
			.stream()
			.filter((genre) -> genre.getName().equals(text))
			.findFirst()
			.orElseThrow(() -> new ParseException("Unknown genre: " + text, 0));
	}

}
