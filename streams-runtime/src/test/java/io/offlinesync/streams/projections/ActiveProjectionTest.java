package io.offlinesync.streams.projections;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActiveProjectionTest {

    @Test
    void switchingRemembersWhatARollbackReturnsTo() {
        ActiveProjection v3 = ActiveProjection.DEFAULT.switchTo("v2").switchTo("v3");

        assertThat(v3).isEqualTo(new ActiveProjection("v3", "v2"));
        assertThat(ActiveProjection.parse(v3.toJson())).isEqualTo(v3);
    }

    @Test
    void switchingToTheActiveOneKeepsThePreviousOne() {
        ActiveProjection v3 = new ActiveProjection("v3", "v1");

        assertThat(v3.switchTo("v3")).as("activate v3 twice, then rollback: back to v1, not to v3").isEqualTo(v3);
    }
}
