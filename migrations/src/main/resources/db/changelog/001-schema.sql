--liquibase formatted sql

--changeset salesbooking:001-btree-gist
--comment: the exclusion constraint on bookings needs equality on uuid inside a GiST index
CREATE EXTENSION IF NOT EXISTS btree_gist;

--changeset salesbooking:002-tenants
CREATE TABLE tenants (
    id                      uuid        PRIMARY KEY,
    name                    text        NOT NULL,
    slug                    text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    m365_tenant_id          text,
    status                  text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    default_timezone        text        NOT NULL DEFAULT 'UTC',
    slot_length_minutes     integer     NOT NULL DEFAULT 60 CHECK (slot_length_minutes BETWEEN 5 AND 480),
    buffer_minutes          integer     NOT NULL DEFAULT 10 CHECK (buffer_minutes BETWEEN 0 AND 240),
    minimum_notice_minutes  integer     NOT NULL DEFAULT 120 CHECK (minimum_notice_minutes BETWEEN 0 AND 43200),
    maximum_advance_days    integer     NOT NULL DEFAULT 60 CHECK (maximum_advance_days BETWEEN 1 AND 730),
    -- {"mon":["09:00-12:00","13:00-17:00"], ...}: local times in the salesperson's zone
    working_hours           jsonb       NOT NULL DEFAULT '{"mon":["09:00-17:00"],"tue":["09:00-17:00"],"wed":["09:00-17:00"],"thu":["09:00-17:00"],"fri":["09:00-17:00"]}',
    meeting_provider        text        NOT NULL DEFAULT 'zoom' CHECK (meeting_provider IN ('zoom', 'teams')),
    shared_mailbox          text,
    booking_page_base_url   text,
    created_at              timestamptz NOT NULL DEFAULT now()
);

--changeset salesbooking:003-salespersons
CREATE TABLE salespersons (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    graph_user_id   text        NOT NULL,
    display_name    text        NOT NULL,
    email           text,
    timezone        text        NOT NULL,
    active          boolean     NOT NULL DEFAULT true,
    -- null: the tenant's working hours apply
    working_hours   jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, graph_user_id),
    -- target of composite foreign keys, so a booking can never point at another tenant's salesperson
    UNIQUE (id, tenant_id)
);

--changeset salesbooking:004-customers
CREATE TABLE customers (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    name        text,
    email       text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    company     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, tenant_id)
);
CREATE UNIQUE INDEX customers_tenant_email_uq ON customers (tenant_id, lower(email));

--changeset salesbooking:005-bookings
CREATE TABLE bookings (
    id                          uuid        PRIMARY KEY,
    tenant_id                   uuid        NOT NULL REFERENCES tenants (id),
    salesperson_id              uuid        NOT NULL,
    customer_id                 uuid        NOT NULL,
    start_at_utc                timestamptz NOT NULL,
    end_at_utc                  timestamptz NOT NULL,
    status                      text        NOT NULL
        CHECK (status IN ('hold', 'pending_verify', 'confirmed', 'canceled', 'expired')),
    idempotency_key             text        NOT NULL,
    verify_token_jti            text,
    verify_token_expires_at     timestamptz,
    verify_emails_sent          integer     NOT NULL DEFAULT 0 CHECK (verify_emails_sent >= 0),
    manage_token_jti            text,
    rescheduled_from_booking_id uuid        REFERENCES bookings (id),
    cancel_reason               text        CHECK (cancel_reason IN ('customer', 'rescheduled', 'outlook_deleted', 'admin')),
    canceled_by                 text        CHECK (canceled_by IN ('customer', 'salesperson', 'admin', 'system')),
    canceled_at                 timestamptz,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    CONSTRAINT bookings_interval_ck CHECK (end_at_utc > start_at_utc),
    CONSTRAINT bookings_salesperson_fk FOREIGN KEY (salesperson_id, tenant_id) REFERENCES salespersons (id, tenant_id),
    CONSTRAINT bookings_customer_fk FOREIGN KEY (customer_id, tenant_id) REFERENCES customers (id, tenant_id),
    CONSTRAINT bookings_tenant_idempotency_key_uq UNIQUE (tenant_id, idempotency_key),
    CONSTRAINT bookings_canceled_ck CHECK ((status = 'canceled') = (canceled_at IS NOT NULL)),
    -- beyond the seed: two active bookings of one salesperson may not even overlap, whatever their lengths
    CONSTRAINT bookings_no_overlap_ex EXCLUDE USING gist (
        salesperson_id WITH =,
        tstzrange(start_at_utc, end_at_utc, '[)') WITH &&
    ) WHERE (status IN ('hold', 'pending_verify', 'confirmed'))
);
-- the seed's rule, verbatim: one active booking per exact slot
CREATE UNIQUE INDEX bookings_active_slot_uq ON bookings (tenant_id, salesperson_id, start_at_utc, end_at_utc)
    WHERE status IN ('hold', 'pending_verify', 'confirmed');
CREATE INDEX bookings_salesperson_start_idx ON bookings (salesperson_id, start_at_utc);
CREATE INDEX bookings_unconfirmed_idx ON bookings (status) WHERE status IN ('hold', 'pending_verify');
CREATE INDEX bookings_customer_idx ON bookings (customer_id);

--changeset salesbooking:006-holds
CREATE TABLE holds (
    booking_id      uuid        PRIMARY KEY REFERENCES bookings (id),
    expires_at_utc  timestamptz NOT NULL
);
CREATE INDEX holds_expires_idx ON holds (expires_at_utc);

--changeset salesbooking:007-meetings
CREATE TABLE meetings (
    booking_id          uuid        PRIMARY KEY REFERENCES bookings (id),
    provider            text        NOT NULL CHECK (provider IN ('zoom', 'teams')),
    provider_meeting_id text        NOT NULL,
    join_url            text        NOT NULL,
    start_url           text,
    created_at          timestamptz NOT NULL
);

--changeset salesbooking:008-graph-events
CREATE TABLE graph_events (
    booking_id          uuid        PRIMARY KEY REFERENCES bookings (id),
    organizer_user_id   text        NOT NULL,
    event_id            text        NOT NULL,
    ical_uid            text,
    etag                text,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX graph_events_event_idx ON graph_events (event_id);

--changeset salesbooking:009-tracking-and-audit
CREATE TABLE tracking_events (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    booking_id      uuid        NOT NULL REFERENCES bookings (id),
    type            text        NOT NULL,
    occurred_at_utc timestamptz NOT NULL,
    meta_json       jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX tracking_events_booking_idx ON tracking_events (booking_id, occurred_at_utc);

CREATE TABLE audit_logs (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    actor_type      text        NOT NULL CHECK (actor_type IN ('customer', 'salesperson', 'admin', 'system')),
    actor_id        text,
    action          text        NOT NULL,
    target_type     text        NOT NULL,
    target_id       text        NOT NULL,
    meta_json       jsonb       NOT NULL DEFAULT '{}',
    created_at_utc  timestamptz NOT NULL
);
CREATE INDEX audit_logs_target_idx ON audit_logs (target_type, target_id, created_at_utc);

--changeset salesbooking:010-graph-subscriptions
CREATE TABLE graph_subscriptions (
    id              text        PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    salesperson_id  uuid        NOT NULL REFERENCES salespersons (id),
    resource        text        NOT NULL,
    -- per-subscription secret that Graph echoes in every notification
    client_state    text        NOT NULL,
    expires_at_utc  timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'removed')),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX graph_subscriptions_salesperson_idx ON graph_subscriptions (salesperson_id) WHERE status = 'active';

--changeset salesbooking:011-webhook-jobs
CREATE TABLE webhook_jobs (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    salesperson_id  uuid        NOT NULL REFERENCES salespersons (id),
    subscription_id text        NOT NULL,
    change_type     text        NOT NULL,
    resource_id     text,
    resource        text,
    received_at_utc timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'dispatched', 'done', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    created_at_utc  timestamptz NOT NULL
);
CREATE INDEX webhook_jobs_queued_idx ON webhook_jobs (created_at_utc) WHERE status = 'queued';

--changeset salesbooking:012-idempotency-keys
CREATE TABLE idempotency_keys (
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    key             text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash    text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('in_progress', 'completed')),
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);

--changeset salesbooking:013-admin-api-keys
CREATE TABLE admin_api_keys (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    name        text        NOT NULL,
    -- SHA-256 of the key, hex; the key itself is never stored
    key_hash    text        NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

--changeset salesbooking:014-compensation-jobs
CREATE TABLE compensation_jobs (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL REFERENCES tenants (id),
    booking_id      uuid        NOT NULL REFERENCES bookings (id),
    kind            text        NOT NULL CHECK (kind IN ('delete_zoom_meeting', 'delete_graph_event')),
    provider_ref    text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'abandoned')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (booking_id, kind, provider_ref)
);
CREATE INDEX compensation_jobs_pending_idx ON compensation_jobs (created_at) WHERE status = 'pending';
