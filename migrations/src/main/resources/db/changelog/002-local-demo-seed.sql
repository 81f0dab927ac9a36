--liquibase formatted sql

--changeset salesbooking:100-local-demo-tenants context:local
--comment: demo data for local mode only; production runs without the 'local' context
INSERT INTO tenants (id, name, slug, m365_tenant_id, status, default_timezone, meeting_provider, shared_mailbox, booking_page_base_url)
VALUES ('a0000000-0000-4000-8000-000000000001', 'Acme Corp', 'acme', 'acme-m365-tenant', 'active', 'Europe/Berlin', 'zoom', 'bookings@acme.example', 'http://localhost:8080'),
       ('b0000000-0000-4000-8000-000000000001', 'Globex', 'globex', 'globex-m365-tenant', 'active', 'America/Chicago', 'teams', 'meetings@globex.example', 'http://localhost:8080');

INSERT INTO salespersons (id, tenant_id, graph_user_id, display_name, email, timezone, active)
VALUES ('a0000000-0000-4000-8000-000000000101', 'a0000000-0000-4000-8000-000000000001', 'anna.berlin@acme.example', 'Anna Schmidt', 'anna.berlin@acme.example', 'Europe/Berlin', true),
       ('a0000000-0000-4000-8000-000000000102', 'a0000000-0000-4000-8000-000000000001', 'nick.ny@acme.example', 'Nick Carter', 'nick.ny@acme.example', 'America/New_York', true),
       ('b0000000-0000-4000-8000-000000000101', 'b0000000-0000-4000-8000-000000000001', 'carla.chicago@globex.example', 'Carla Diaz', 'carla.chicago@globex.example', 'America/Chicago', true);

INSERT INTO admin_api_keys (id, tenant_id, name, key_hash)
VALUES ('a0000000-0000-4000-8000-000000000901', 'a0000000-0000-4000-8000-000000000001', 'local demo key', encode(sha256(convert_to('local-admin-key', 'UTF8')), 'hex')),
       ('b0000000-0000-4000-8000-000000000901', 'b0000000-0000-4000-8000-000000000001', 'local demo key', encode(sha256(convert_to('local-admin-key-globex', 'UTF8')), 'hex'));
