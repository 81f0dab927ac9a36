--liquibase formatted sql

--changeset salesbooking:400-booking-key-released
--comment: an Idempotency-Key belongs to the booking it made for the key's lifetime (24 h) only; a later request that reuses the key takes it over and the old booking keeps no key
ALTER TABLE bookings ALTER COLUMN idempotency_key DROP NOT NULL;
