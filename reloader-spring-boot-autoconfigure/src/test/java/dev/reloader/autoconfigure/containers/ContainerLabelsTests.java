package dev.reloader.autoconfigure.containers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link ContainerLabels}.
 *
 * @author Reloader contributors
 */
class ContainerLabelsTests {

	@Test
	void labelsFromTheSupervisor() {
		ContainerLabels labels = ContainerLabels
			.parse("dev.reloader.application=0123456789abcdef,dev.reloader.supervisor=42@1700000000000");
		assertThat(labels.asMap()).containsExactly(entry("dev.reloader.application", "0123456789abcdef"),
				entry("dev.reloader.supervisor", "42@1700000000000"));
		assertThat(labels.ofBean("postgres")).containsOnly(entry("dev.reloader.supervisor", "42@1700000000000"),
				entry("dev.reloader.bean", "postgres"));
	}

	@Test
	void noLabelsWithoutASupervisor() {
		assertThat(ContainerLabels.parse(null)).isNull();
		assertThat(ContainerLabels.parse(" ")).isNull();
		assertThat(ContainerLabels.parse("dev.reloader.application=0123456789abcdef")).isNull();
	}

}
