--liquibase formatted sql

--changeset salesbooking:400-booking-key-released
--comment: an Idempotency-Key belongs to the booking it made for the key's lifetime (24 h) only; a later request that reuses the key takes it over and the old booking keeps no key
ALTER TABLE bookings ALTER COLUMN idempotency_key DROP NOT NULL;

--changeset salesbooking:401-webhook-job-successor
--comment: a job whose change may have been lost (ignored while the booking's confirm saga ran, or failed after its retries) is examined again as a new job; requeued_as names it, so each job is requeued once
ALTER TABLE webhook_jobs ADD COLUMN requeued_as uuid;
CREATE INDEX webhook_jobs_unsettled_idx ON webhook_jobs (received_at_utc)
    WHERE requeued_as IS NULL AND (status = 'failed' OR outcome IN ('not_ours: no booking has this event',
                                                                    'ignore: booking is hold', 'ignore: booking is pending_verify'));

--changeset salesbooking:402-email-jobs
--comment: the confirmation email (the only carrier of the manage link) as an outbox row: written with the confirmation, marked sent by the email activity, sent again by the sweeper when the activity gave up, and queued again when the customer asks for it (resend)
CREATE TABLE email_jobs (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    booking_id  uuid        NOT NULL REFERENCES bookings (id),
    kind        text        NOT NULL CHECK (kind IN ('confirmation')),
    origin      text        NOT NULL CHECK (origin IN ('confirm', 'resend')),
    status      text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'abandoned', 'obsolete')),
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text,
    due_at      timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX email_jobs_pending_idx ON email_jobs (due_at) WHERE status = 'pending';
CREATE INDEX email_jobs_booking_idx ON email_jobs (booking_id, created_at);
