package io.headroom.common.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void newIdsCarryTheirPrefixAndAreUrlSafeAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.next(Ids.ACCOUNT);
            assertThat(id).matches("acc_[A-Za-z0-9_-]{22}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void clientIdsMustHaveTheRightPrefixAndOnlyUrlSafeCharacters() {
        assertThat(Ids.isValid(Ids.PROJECT, "prj_abc-DEF_123")).isTrue();
        assertThat(Ids.isValid(Ids.PROJECT, "acc_abc")).isFalse();
        assertThat(Ids.isValid(Ids.PROJECT, "prj_")).isFalse();
        assertThat(Ids.isValid(Ids.PROJECT, "prj_a/b")).isFalse();
        assertThat(Ids.isValid(Ids.PROJECT, "prj_" + "x".repeat(65))).isFalse();
    }
}
