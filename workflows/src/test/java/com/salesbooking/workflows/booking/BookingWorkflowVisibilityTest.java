package com.salesbooking.workflows.booking;

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
 * status and times (ids, statuses and times only).
 */
class BookingWorkflowVisibilityTest extends BookingWorkflowHarness {

    @Test
    void aNewHoldIsListedAsHoldWithItsSlotAndSalesperson() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.state();
        assertVisible("hold", START, END, false);
        assertThat(searchAttributes().get(BookingSearchAttributes.TENANT_ID)).isEqualTo(tenantId.toString());
        assertThat(searchAttributes().get(BookingSearchAttributes.SALESPERSON_ID))
                .isEqualTo(salespersonId.toString());
        assertThat(memo("salespersonId")).isEqualTo(salespersonId.toString());
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
        assertThat(visibility.memo())
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

    @Test
    void aConfirmationWhoseEmailFailsIsStillListedAsConfirmed() {
        when(store.finalizeConfirmation(any(), any())).thenReturn(BookingStoreActivities.ConfirmCheck.OK);
        org.mockito.Mockito.doThrow(providerRefusal("mail 400")).when(mail).sendConfirmationEmail(bookingId);
        confirmed(MeetingProviderKind.TEAMS);
        assertVisible("confirmed", START, END, true);
    }

    private void assertVisible(String status, Instant start, Instant end, boolean customerMayChange) {
        assertThat(memo("status")).isEqualTo(status);
        assertThat(memo("slot")).isEqualTo(start + "/" + end);
        assertThat(memo("customerMayChange")).isEqualTo(customerMayChange);
        SearchAttributes listed = searchAttributes();
        assertThat(listed.get(BookingSearchAttributes.BOOKING_STATUS)).isEqualTo(status);
        assertThat(listed.get(BookingSearchAttributes.SLOT_START_UTC).toInstant())
                .isEqualTo(start);
    }
}
