--liquibase formatted sql

--changeset salesbooking:102-local-mode-past-booking context:local-mode
--comment: interactive local mode only (LocalServices adds the local-mode context; tests do not): a confirmed booking of Anna's that started yesterday, so attendance can be tried (README walk-through); every start migrates a fresh database, so "yesterday" is always yesterday
INSERT INTO customers (id, tenant_id, name, email, company)
VALUES ('a0000000-0000-4000-8000-000000000601', 'a0000000-0000-4000-8000-000000000001', 'Demo Customer', 'demo.customer@example.com', 'Demo GmbH');

INSERT INTO bookings (id, tenant_id, salesperson_id, customer_id, start_at_utc, end_at_utc, status, idempotency_key,
                      created_at, updated_at)
VALUES ('a0000000-0000-4000-8000-000000000701', 'a0000000-0000-4000-8000-000000000001',
        'a0000000-0000-4000-8000-000000000101', 'a0000000-0000-4000-8000-000000000601',
        date_trunc('hour', now()) - interval '1 day', date_trunc('hour', now()) - interval '1 day' + interval '30 minutes',
        'confirmed', 'local-mode-past-booking', now() - interval '8 days', now() - interval '8 days');
