package io.headroom.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.pgclient.PgException;

/** Database refusals that a client's request can cause are problems, never a 500. */
class ProblemMapperTest {

    private final ProblemMapper mapper = new ProblemMapper(new SimpleMeterRegistry());

    @Test
    void aTakenIdIsAConflict() {
        assertThat(status(new PgException("duplicate key", "ERROR", "23505", null))).isEqualTo(409);
    }

    @Test
    void aRowReferringToOneDeletedMeanwhileIsNotFound() {
        Response response = mapper.unexpected(new RuntimeException(
                new PgException("insert violates foreign key", "ERROR", "23503", null)), null);

        assertThat(response.getStatus()).isEqualTo(404);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.getEntity();
        assertThat(body).containsEntry("type", ProblemType.NOT_FOUND.uri())
                .doesNotContainValue("insert violates foreign key");
    }

    @Test
    void aValueTheDatabaseCannotStoreIsTheClientsMistake() {
        assertThat(status(new PgException("invalid byte sequence for encoding UTF8: 0x00", "ERROR", "22021", null)))
                .isEqualTo(400);
        assertThat(status(new PgException("date/time field value out of range", "ERROR", "22008", null)))
                .isEqualTo(400);
    }

    @Test
    void anyOtherDatabaseFailureIsAnInternalErrorWithoutItsMessage() {
        Response response = mapper.unexpected(new PgException("relation x does not exist", "ERROR", "42P01", null),
                null);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getEntity().toString()).doesNotContain("relation x");
    }

    private int status(Throwable failure) {
        return mapper.unexpected(failure, null).getStatus();
    }
}
