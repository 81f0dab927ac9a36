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
