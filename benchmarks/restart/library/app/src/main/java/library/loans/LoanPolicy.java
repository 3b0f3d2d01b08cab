package library.loans;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long books are lent for.
 */
@ConfigurationProperties("library.loans")
public class LoanPolicy {

	/**
	 * How long a loan lasts.
	 */
	private Duration period = Duration.ofDays(21);

	/**
	 * How many open loans a member may have.
	 */
	private int maximum = 5;

	public Duration getPeriod() {
		return this.period;
	}

	public void setPeriod(Duration period) {
		this.period = period;
	}

	public int getMaximum() {
		return this.maximum;
	}

	public void setMaximum(int maximum) {
		this.maximum = maximum;
	}

}
