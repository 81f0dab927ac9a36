package com.salesbooking.workflows.booking;

import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * What ops see of a booking in the Temporal UI list: search attributes and memo, ids, status and times only (never a
 * name or an email). Built here only, for the api's workflow start and for the workflow's own updates, so both
 * always carry the same keys.
 *
 * @param status            the booking's status as stored ({@link BookingStatus#dbValue()})
 * @param customerMayChange  whether the customer may still cancel or reschedule (confirmed, and the deadline
 *                           {@link BookingWorkflow#customerChangeDeadline} not passed)
 */
public record BookingVisibility(
        UUID tenantId,
        UUID salespersonId,
        BookingStatus status,
        Instant startUtc,
        Instant endUtc,
        boolean customerMayChange) {

    /** For the workflow start ({@code WorkflowOptions.setTypedSearchAttributes}). */
    public SearchAttributes searchAttributes() {
        return SearchAttributes.newBuilder()
                .set(BookingSearchAttributes.TENANT_ID, tenantId.toString())
                .set(BookingSearchAttributes.SALESPERSON_ID, salespersonId.toString())
                .set(BookingSearchAttributes.BOOKING_STATUS, status.dbValue())
                .set(BookingSearchAttributes.SLOT_START_UTC, startUtc.atOffset(ZoneOffset.UTC))
                .build();
    }

    /** For {@code Workflow.upsertTypedSearchAttributes} inside the workflow: the same values as at the start. */
    SearchAttributeUpdate<?>[] searchAttributeUpdates() {
        return new SearchAttributeUpdate<?>[] {
            BookingSearchAttributes.TENANT_ID.valueSet(tenantId.toString()),
            BookingSearchAttributes.SALESPERSON_ID.valueSet(salespersonId.toString()),
            BookingSearchAttributes.BOOKING_STATUS.valueSet(status.dbValue()),
            BookingSearchAttributes.SLOT_START_UTC.valueSet(startUtc.atOffset(ZoneOffset.UTC))
        };
    }

    /** The memo, at the start and on every change. */
    public Map<String, Object> memo() {
        return Map.of(
                "status",
                status.dbValue(),
                "slot",
                startUtc + "/" + endUtc,
                "salespersonId",
                salespersonId.toString(),
                "customerMayChange",
                customerMayChange);
    }
}
