package com.salesbooking.workflows.booking;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.SearchAttributes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

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
