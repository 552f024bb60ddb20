package io.headroom.common.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.headroom.common.problem.ProblemException;

/** A cursor is opaque, and one a list never gave is a 400, never a database error. */
class CursorTest {

    @Test
    void aCursorComesBackAsItWasGiven() {
        Cursor cursor = new Cursor(Instant.parse("2026-11-21T10:15:00.123456Z"), "prj_abc-1");

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(Cursor.decode(null)).isEqualTo(Cursor.START);
    }

    @Test
    void positionsNoListGivesAreRefused() {
        for (String plain : new String[] {"+100000-01-01T00:00:00Z|x", "1969-12-31T23:59:59Z|x",
                "2026-11-21T10:15:00Z|a\u0000b", "2026-11-21T10:15:00Z|" + "x".repeat(81), "no bar", "|"}) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> Cursor.decode(cursor)).as(plain).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
        }
    }
}
