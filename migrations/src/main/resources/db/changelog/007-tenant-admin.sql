--liquibase formatted sql

--changeset salesbooking:700-operator-actor
--comment: the platform operator (X-Operator-Key) creates, changes, suspends and activates tenants; its writes are audited as such
ALTER TABLE audit_logs DROP CONSTRAINT audit_logs_actor_type_check;
ALTER TABLE audit_logs ADD CONSTRAINT audit_logs_actor_type_check
    CHECK (actor_type IN ('customer', 'salesperson', 'admin', 'system', 'operator'));

--changeset salesbooking:701-erasure-cancel-reason
--comment: a tenant admin's erasure of a customer (GDPR art. 17) cancels the customer's future bookings with reason erasure
ALTER TABLE bookings DROP CONSTRAINT bookings_cancel_reason_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_cancel_reason_check
    CHECK (cancel_reason IN ('customer', 'rescheduled', 'outlook_deleted', 'admin', 'erasure'));

--changeset salesbooking:702-customer-erasure
--comment: when the customer's name, email and company were replaced by a placeholder
ALTER TABLE customers ADD COLUMN erased_at timestamptz;

--changeset salesbooking:703-admin-key-last-used
--comment: shown to tenant admins so unused keys can be deleted; updated at most once a minute per key
ALTER TABLE admin_api_keys ADD COLUMN last_used_at timestamptz;
CREATE INDEX admin_api_keys_tenant_idx ON admin_api_keys (tenant_id) WHERE revoked_at IS NULL;

--changeset salesbooking:704-m365-consent-state
--comment: the one-time id of the newest Microsoft 365 admin-consent link; the callback consumes it, so a replayed state is refused
ALTER TABLE tenants ADD COLUMN m365_consent_jti text;

--changeset salesbooking:705-bookings-tenant-start
--comment: the tenant admin's booking list is ordered by (start, id) and paged by keyset
CREATE INDEX bookings_tenant_start_idx ON bookings (tenant_id, start_at_utc, id);
