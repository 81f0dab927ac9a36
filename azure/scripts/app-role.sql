-- The apps' database role: data access only (SELECT, INSERT, UPDATE, DELETE on the tables, the identity
-- sequences), no DDL, no CREATE EXTENSION, no Liquibase bookkeeping. Run by migrate.sh after Liquibase, as the
-- owner of the tables (the server administrator on Azure), with psql; idempotent, so every migrations run
-- brings the role up to date (new tables, a rotated password).
-- Names and the password come from the environment (\getenv, psql >= 15), never from the command line.
\getenv app_role APP_DATABASE_USERNAME
\getenv app_password APP_DATABASE_PASSWORD
\getenv owner DATABASE_USERNAME

-- LOGIN only: the other attributes keep their defaults (NOSUPERUSER, NOCREATEDB, NOCREATEROLE), and naming
-- them would need privileges the Azure administrator does not have
SELECT format('CREATE ROLE %I LOGIN', :'app_role')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_role') \gexec

-- every run sets the password, so rotating it is a new Key Vault value plus one run of the job
ALTER ROLE :"app_role" WITH LOGIN PASSWORD :'app_password';

-- CONNECT and TEMPORARY on the database and USAGE on schema public belong to PUBLIC by default (also on
-- PostgreSQL 15+, which only took CREATE on public away), so they need no grant here
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
-- Liquibase's own tables: the apps never migrate (MIGRATE_ON_START=false), so they may read them at most
REVOKE INSERT, UPDATE, DELETE ON databasechangelog, databasechangeloglock FROM :"app_role";

-- tables and sequences a later changeset creates (as the owner) get the same grants without waiting for this file
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";
