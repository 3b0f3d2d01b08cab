package dev.reloader.autoconfigure;

import dev.reloader.launch.Supervisor;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnReloaderChild}.
 *
 * @author Reloader contributors
 */
class OnReloaderChildCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (Supervisor.isChild()) {
			return ConditionOutcome.match(Supervisor.CHILD_ENVIRONMENT_VARIABLE + " is true");
		}
		return ConditionOutcome.noMatch("not a child JVM of the reloader's supervisor ("
				+ Supervisor.CHILD_ENVIRONMENT_VARIABLE + " is not true)");
	}

}
