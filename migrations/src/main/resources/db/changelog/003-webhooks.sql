--liquibase formatted sql

--changeset salesbooking:300-webhook-job-outcome
--comment: what processing a webhook job decided (moved, deleted, ignored, not_ours...), beside last_error, so ops can read why a job was done without a second table
ALTER TABLE webhook_jobs ADD COLUMN outcome text;
ALTER TABLE webhook_jobs ADD COLUMN updated_at_utc timestamptz;
-- the sweeper also re-dispatches jobs stuck in 'dispatched' (a workflow terminated by hand); this keeps that scan cheap
CREATE INDEX webhook_jobs_dispatched_idx ON webhook_jobs (created_at_utc) WHERE status = 'dispatched';

--changeset salesbooking:301-graph-subscription-request
--comment: the workflow's request id for a create, so a retried create activity finds the subscription it already made instead of making a second one
ALTER TABLE graph_subscriptions ADD COLUMN request_id uuid;
CREATE UNIQUE INDEX graph_subscriptions_request_uq ON graph_subscriptions (request_id) WHERE request_id IS NOT NULL;
