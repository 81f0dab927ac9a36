--liquibase formatted sql

--changeset salesbooking:101-local-demo-links-follow-the-base-url context:local
--comment: the demo tenants host no booking page of their own: their links take the base URL local mode serves (PORT, BASE_URL)
UPDATE tenants SET booking_page_base_url = NULL
 WHERE id IN ('a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001');
