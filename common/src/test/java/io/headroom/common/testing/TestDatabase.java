package io.headroom.common.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Creates a service's test database on the local PostgreSQL when it is missing, before Quarkus
 * starts and Flyway migrates it. The database name comes from the init argument {@code database};
 * the server from {@code HEADROOM_DB_HOST} / {@code HEADROOM_DB_PORT} (default 127.0.0.1:5432),
 * user {@code postgres}.
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null || !database.matches("[a-z_]+")) {
            throw new IllegalArgumentException("init argument 'database' must be a plain name: " + database);
        }
    }

    @Override
    public Map<String, String> start() {
        String host = System.getenv().getOrDefault("HEADROOM_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("HEADROOM_DB_PORT", "5432");
        ensureDatabase("jdbc:postgresql://" + host + ":" + port + "/postgres", database);
        return Map.of();
    }

    @Override
    public void stop() {
        // The database stays: tests use unique ids, and the next run migrates it in place.
    }

    static void ensureDatabase(String adminUrl, String database) {
        try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "");
                PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database " + database);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // created meanwhile by a parallel run
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + database + ": " + e.getMessage(), e);
        }
    }
}
