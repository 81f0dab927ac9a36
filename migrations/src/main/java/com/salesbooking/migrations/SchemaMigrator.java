package com.salesbooking.migrations;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Applies the changelog. The schema is the contract between api and worker, so it lives once, here.
 */
public final class SchemaMigrator {

    /** The master changelog on the classpath (also set as {@code spring.liquibase.change-log}). */
    public static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";

    /** Liquibase context of the demo tenants (local mode and tests). */
    public static final String LOCAL_DEMO_CONTEXT = "local";

    /**
     * Context of production runs. It must be named: Liquibase runs every changeset, demo data included,
     * when no context is given.
     */
    public static final String PRODUCTION_CONTEXT = "production";

    private SchemaMigrator() {}

    /**
     * Applies every pending changeset.
     *
     * @param contexts Liquibase contexts ({@link #PRODUCTION_CONTEXT}, {@link #LOCAL_DEMO_CONTEXT} for demo data)
     */
    public static void migrate(Connection connection, String contexts) throws SQLException {
        try (Liquibase liquibase = liquibase(connection)) {
            liquibase.update(new Contexts(contexts), new LabelExpression());
        } catch (LiquibaseException e) {
            throw new SQLException("Liquibase update failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new SQLException("Liquibase update failed: " + e.getMessage(), e);
        }
    }

    /** How many changesets are not applied yet (0 after {@link #migrate}). */
    public static int pendingChangeSets(Connection connection, String contexts) throws SQLException {
        try (Liquibase liquibase = liquibase(connection)) {
            return liquibase
                    .listUnrunChangeSets(new Contexts(contexts), new LabelExpression())
                    .size();
        } catch (Exception e) {
            throw new SQLException("Liquibase status failed: " + e.getMessage(), e);
        }
    }

    private static Liquibase liquibase(Connection connection) throws LiquibaseException {
        Database database =
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        return new Liquibase(
                CHANGELOG, new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader()), database) {
            @Override
            public void close() {
                // the caller owns the connection
            }
        };
    }
}
