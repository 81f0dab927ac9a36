package com.salesbooking.workflows.booking;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/**
 * What ops find in the Temporal UI after each transition: the memo and the search attributes follow the booking's
 * status and times (ids, statuses and times only); what the start already carried is not written again.
 */
class BookingWorkflowVisibilityTest extends BookingWorkflowHarness {

    @Test
    void aHoldStartedWithoutVisibilityIsListedAsHoldWithItsSlotAndSalesperson() {
        BookingWorkflow workflow = startWithoutVisibility(MeetingProviderKind.ZOOM);
        workflow.state();
        assertVisible("hold", START, END, false);
        assertThat(searchAttributes().get(BookingSearchAttributes.TENANT_ID)).isEqualTo(tenantId.toString());
        assertThat(searchAttributes().get(BookingSearchAttributes.SALESPERSON_ID))
                .isEqualTo(salespersonId.toString());
    }

    @Test
    void aHoldStartedWithoutVisibilityIsListedAsConfirmedAfterItsConfirm() {
        BookingWorkflow workflow = startWithoutVisibility(MeetingProviderKind.TEAMS);
        workflow.requestVerification();
        workflow.confirm("jti");
        assertVisible("confirmed", START, END, true);
    }

    /**
     * A start that carried only part of the visibility (a starter of an earlier release, a hand-made start): the
     * workflow writes what is missing and ops find the booking by every attribute.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TenantId", "SalespersonId", "BookingStatus", "SlotStartUtc", "slot", "customerMayChange"})
    void aHoldStartedWithPartOfItsVisibilityIsListedWithAllOfIt(String missing) {
        BookingVisibility hold = new BookingVisibility(tenantId, salespersonId, BookingStatus.HOLD, START, END, false);
        SearchAttributes.Builder attributes = SearchAttributes.newBuilder(hold.searchAttributes());
        BookingSearchAttributes.ALL.stream()
                .filter(key -> key.getName().equals(missing))
                .forEach(attributes::unset);
        Map<String, Object> memo = new HashMap<>(hold.memo());
        memo.remove(missing);
        BookingWorkflow workflow = start(
                MeetingProviderKind.ZOOM,
                WorkflowOptions.newBuilder()
                        .setTypedSearchAttributes(attributes.build())
                        .setMemo(memo));
        workflow.state();
        assertVisible("hold", START, END, false);
        assertThat(searchAttributes().get(BookingSearchAttributes.TENANT_ID)).isEqualTo(tenantId.toString());
        assertThat(searchAttributes().get(BookingSearchAttributes.SALESPERSON_ID))
                .isEqualTo(salespersonId.toString());
    }

    @Test
    void aHoldStartedLikeTheApiStartsItWritesNothingUntilItChanges() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.state();
        assertThat(upserts()).isZero();
        assertVisible("hold", START, END, false);
    }

    @Test
    void aVerificationRequestListsTheBookingAsPendingVerify() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        assertVisible("pending_verify", START, END, false);
    }

    @Test
    void aConfirmedBookingIsListedAsConfirmedAndChangeable() {
        confirmed(MeetingProviderKind.ZOOM);
        assertVisible("confirmed", START, END, true);
    }

    @Test
    void aCanceledBookingIsListedAsCanceled() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null));
        result(workflow);
        assertVisible("canceled", START, END, false);
    }

    @Test
    void anExpiredHoldIsListedAsExpired() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        assertThat(result(workflow).status()).isEqualTo(BookingStatus.EXPIRED);
        assertVisible("expired", START, END, false);
    }

    @Test
    void aSalespersonMoveListsTheNewSlot() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        Instant newStart = START.plus(Duration.ofDays(1));
        Instant newEnd = newStart.plus(Duration.ofHours(1));
        workflow.salespersonMovedEvent(newStart, newEnd);
        env.sleep(Duration.ofSeconds(1));
        assertVisible("confirmed", newStart, newEnd, true);
    }

    @Test
    void aSalespersonDeletionListsTheBookingAsCanceled() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        workflow.salespersonDeletedEvent();
        assertThat(result(workflow).status()).isEqualTo(BookingStatus.CANCELED);
        assertVisible("canceled", START, END, false);
    }

    @Test
    void theStartsSearchAttributesAreTheOnesTheWorkflowWrites() {
        BookingVisibility visibility =
                new BookingVisibility(tenantId, salespersonId, BookingStatus.CONFIRMED, START, END, true);
        var atStart = visibility.searchAttributes();
        assertThat(atStart.get(BookingSearchAttributes.TENANT_ID)).isEqualTo(tenantId.toString());
        assertThat(atStart.get(BookingSearchAttributes.SALESPERSON_ID)).isEqualTo(salespersonId.toString());
        assertThat(atStart.get(BookingSearchAttributes.BOOKING_STATUS)).isEqualTo("confirmed");
        assertThat(atStart.get(BookingSearchAttributes.SLOT_START_UTC)).isEqualTo(START.atOffset(ZoneOffset.UTC));
        assertThat(atStart.size()).isEqualTo(visibility.searchAttributeUpdates().length);
        assertThat(visibility.memo()).isEqualTo(Map.of("slot", START + "/" + END, "customerMayChange", true));
    }

    @Test
    void anUpdateCarriesExactlyTheSearchAttributesThatDiffer() {
        BookingVisibility confirmed =
                new BookingVisibility(tenantId, salespersonId, BookingStatus.CONFIRMED, START, END, true);
        assertThat(keys(confirmed.searchAttributeUpdatesSince(confirmed))).isEmpty();
        // the end and customerMayChange are the memo's: a change of them alone is no search attribute update
        assertThat(keys(confirmed.searchAttributeUpdatesSince(new BookingVisibility(
                        tenantId, salespersonId, BookingStatus.CONFIRMED, START, END.plusSeconds(60), false))))
                .isEmpty();
        assertThat(keys(confirmed.searchAttributeUpdatesSince(new BookingVisibility(
                        UUID.randomUUID(), salespersonId, BookingStatus.CONFIRMED, START, END, true))))
                .containsExactly("TenantId");
        assertThat(keys(confirmed.searchAttributeUpdatesSince(
                        new BookingVisibility(tenantId, UUID.randomUUID(), BookingStatus.CONFIRMED, START, END, true))))
                .containsExactly("SalespersonId");
        assertThat(keys(confirmed.searchAttributeUpdatesSince(new BookingVisibility(
                        tenantId, salespersonId, BookingStatus.PENDING_VERIFY, START, END, true))))
                .containsExactly("BookingStatus");
        assertThat(keys(confirmed.searchAttributeUpdatesSince(new BookingVisibility(
                        tenantId, salespersonId, BookingStatus.CONFIRMED, START.minusSeconds(60), END, true))))
                .containsExactly("SlotStartUtc");
        assertThat(keys(confirmed.searchAttributeUpdatesSince(null)))
                .containsExactly("TenantId", "SalespersonId", "BookingStatus", "SlotStartUtc");
    }

    @Test
    void theMemoOfTheEarlierBranchKeepsTheKeysOpsKnow() {
        BookingVisibility confirmed =
                new BookingVisibility(tenantId, salespersonId, BookingStatus.CONFIRMED, START, END, true);
        assertThat(confirmed.memoBeforeLeanUpserts())
                .isEqualTo(Map.of(
                        "status",
                        "confirmed",
                        "slot",
                        START + "/" + END,
                        "salespersonId",
                        salespersonId.toString(),
                        "customerMayChange",
                        true));
    }

    private static List<String> keys(List<SearchAttributeUpdate<?>> updates) {
        return updates.stream().map(u -> u.getKey().getName()).toList();
    }

    @Test
    void aConfirmationWhoseEmailFailsIsStillListedAsConfirmed() {
        when(store.finalizeConfirmation(any(), any())).thenReturn(BookingStoreActivities.ConfirmCheck.OK);
        org.mockito.Mockito.doThrow(providerRefusal("mail 400")).when(mail).sendConfirmationEmail(bookingId);
        confirmed(MeetingProviderKind.TEAMS);
        assertVisible("confirmed", START, END, true);
    }

    private long upserts() {
        return client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES
                        || e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED)
                .count();
    }

    private void assertVisible(String status, Instant start, Instant end, boolean customerMayChange) {
        assertThat(memo("slot")).isEqualTo(start + "/" + end);
        assertThat(memo("customerMayChange")).isEqualTo(customerMayChange);
        SearchAttributes listed = searchAttributes();
        assertThat(listed.get(BookingSearchAttributes.BOOKING_STATUS)).isEqualTo(status);
        assertThat(listed.get(BookingSearchAttributes.SLOT_START_UTC).toInstant())
                .isEqualTo(start);
    }
}
