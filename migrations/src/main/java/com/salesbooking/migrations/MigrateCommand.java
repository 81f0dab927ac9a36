package com.salesbooking.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

/**
 * The migrations job: applies the schema to the database named by {@code DATABASE_URL},
 * {@code DATABASE_USERNAME} and {@code DATABASE_PASSWORD}, then exits (0 done, 1 failed, 2 bad settings).
 * Azure runs it as a Container Apps job before each rollout.
 */
public final class MigrateCommand {

    private MigrateCommand() {}

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String url = env.getOrDefault("DATABASE_URL", "");
        if (url.isBlank() || !url.startsWith("jdbc:postgresql://")) {
            System.err.println("DATABASE_URL must be set to a jdbc:postgresql:// URL");
            System.exit(2);
        }
        String contexts = env.getOrDefault("MIGRATION_CONTEXTS", SchemaMigrator.PRODUCTION_CONTEXT);
        try (Connection connection = DriverManager.getConnection(
                url, env.getOrDefault("DATABASE_USERNAME", ""), env.getOrDefault("DATABASE_PASSWORD", ""))) {
            SchemaMigrator.migrate(connection, contexts);
            System.out.println("schema is up to date");
        } catch (Exception e) {
            // the message only: a JDBC URL may carry a password, and the stack trace adds nothing for ops
            System.err.println("migration failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
