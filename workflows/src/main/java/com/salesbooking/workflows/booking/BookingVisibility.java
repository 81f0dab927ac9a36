package com.salesbooking.workflows.booking;

import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
        return searchAttributeUpdatesSince(null).toArray(SearchAttributeUpdate<?>[]::new);
    }

    /**
     * The search attributes whose values differ from {@code before} (all of them when {@code before} is null): an
     * upsert is billed whatever it carries, so the workflow writes only when this is not empty.
     */
    List<SearchAttributeUpdate<?>> searchAttributeUpdatesSince(BookingVisibility before) {
        List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
        if (before == null || !tenantId.equals(before.tenantId)) {
            updates.add(BookingSearchAttributes.TENANT_ID.valueSet(tenantId.toString()));
        }
        if (before == null || !salespersonId.equals(before.salespersonId)) {
            updates.add(BookingSearchAttributes.SALESPERSON_ID.valueSet(salespersonId.toString()));
        }
        if (before == null || status != before.status) {
            updates.add(BookingSearchAttributes.BOOKING_STATUS.valueSet(status.dbValue()));
        }
        if (before == null || !startUtc.equals(before.startUtc)) {
            updates.add(BookingSearchAttributes.SLOT_START_UTC.valueSet(startUtc.atOffset(ZoneOffset.UTC)));
        }
        return updates;
    }

    /**
     * The memo, at the start and whenever it changes: what the search attributes do not already say (the slot's end,
     * and whether the customer may still cancel or reschedule). Status and salesperson are search attributes only,
     * so a status change costs one upsert, not two.
     */
    public Map<String, Object> memo() {
        return Map.of("slot", startUtc + "/" + endUtc, "customerMayChange", customerMayChange);
    }

    /**
     * The memo as releases before the lean upserts wrote it (status and salesperson too), for workflows that still
     * run that branch: their replays do not compare a memo's content, but ops reading one see the same keys as
     * before.
     */
    Map<String, Object> memoBeforeLeanUpserts() {
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
