package dev.reloader.autoconfigure;

import dev.reloader.launch.frontdoor.StartFailure;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Hands Spring Boot's analysis of a failed start (its description and action) over to
 * the supervisor, through the {@link StartFailureHandOver}. Registered in
 * {@code META-INF/spring.factories}, beside Spring Boot's own reporter that logs it.
 *
 * @author Reloader contributors
 */
class StartFailureAnalysisReporter implements FailureAnalysisReporter {

	@Override
	public void report(FailureAnalysis analysis) {
		StartFailureHandOver.handOver(new StartFailure(analysis.getDescription(), analysis.getAction(), null), true);
	}

}
