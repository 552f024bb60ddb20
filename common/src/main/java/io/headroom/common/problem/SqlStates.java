package io.headroom.common.problem;

import io.vertx.pgclient.PgException;

/** Reads the SQL state of a database failure, whichever layer (Hibernate or the driver) raised it. */
final class SqlStates {

    private SqlStates() {
    }

    static String of(Throwable t) {
        if (t instanceof org.hibernate.JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        return null;
    }
}
