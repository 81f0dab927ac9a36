package com.salesbooking.workflows.booking;

import io.temporal.common.SearchAttributeKey;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Custom search attributes of booking workflows, so ops can find a booking in the Temporal UI by
 * tenant, salesperson, status or slot. They must be registered on the Temporal namespace (the embedded
 * server registers them itself; docker-compose.temporal.yml and the Azure notes do it for real clusters).
 * Values are ids, statuses and times only: never a name or an email.
 */
public final class BookingSearchAttributes {

    public static final SearchAttributeKey<String> TENANT_ID = SearchAttributeKey.forKeyword("TenantId");
    public static final SearchAttributeKey<String> SALESPERSON_ID = SearchAttributeKey.forKeyword("SalespersonId");
    public static final SearchAttributeKey<String> BOOKING_STATUS = SearchAttributeKey.forKeyword("BookingStatus");
    public static final SearchAttributeKey<OffsetDateTime> SLOT_START_UTC =
            SearchAttributeKey.forOffsetDateTime("SlotStartUtc");

    /** Every key above, for registration on a namespace. */
    public static final List<SearchAttributeKey<?>> ALL =
            List.of(TENANT_ID, SALESPERSON_ID, BOOKING_STATUS, SLOT_START_UTC);

    private BookingSearchAttributes() {}
}
