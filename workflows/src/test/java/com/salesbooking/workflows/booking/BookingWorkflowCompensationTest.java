package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.CompensationKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What is left behind when a provider or the mail fails for good: a compensation record for each provider object that
 * could not be removed, an audit row for each email or update that did not happen, and the booking itself unharmed.
 */
class BookingWorkflowCompensationTest extends BookingWorkflowHarness {

    static final CancelRequest BY_CUSTOMER = new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null);

    @Test
    void anEventThatCannotBeRemovedAfterAFailedConfirmLeavesACompensationRecord() {
        BookingWorkflow workflow = start(MeetingProviderKind.TEAMS);
        workflow.requestVerification();
        when(store.finalizeConfirmation(any(), anyString())).thenThrow(programmingError());
        doThrow(providerRefusal("graph 400")).when(meetings).cancelCalendarEvent(eq(bookingId), anyString());
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(BookingFailure.in(e)).contains(BookingFailure.PROVIDER_UNAVAILABLE));
        verify(store).recordCompensation(bookingId, CompensationKind.DELETE_GRAPH_EVENT);
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
    }

    @Test
    void aConfirmationEmailThatFailsIsAuditedAndTheBookingStands() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        doThrow(providerRefusal("mail 400")).when(mail).sendConfirmationEmail(bookingId);
        assertThat(workflow.confirm("jti").status()).isEqualTo(BookingStatus.CONFIRMED);
        verify(store).audit(eq(bookingId), eq("confirmation_email_failed"), anyString());
        verify(meetings, never()).deleteZoomMeeting(any());
    }

    @Test
    void aCustomerCancelRemovesTheMeetingAndTheEventAndTellsTheCustomer() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
        verify(store).markCanceled(bookingId, BY_CUSTOMER);
        verify(meetings).deleteZoomMeeting(bookingId);
        verify(meetings).cancelCalendarEvent(eq(bookingId), anyString());
        verify(mail).sendCancellationEmail(bookingId);
        verify(store, never()).audit(any(), anyString(), anyString());
    }

    @Test
    void aTeamsCancelHasNoZoomMeetingToRemove() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        workflow.cancel(BY_CUSTOMER);
        verify(meetings, never()).deleteZoomMeeting(any());
        verify(meetings).cancelCalendarEvent(eq(bookingId), anyString());
    }

    @Test
    void anEventThatCannotBeCanceledOnCancelLeavesACompensationRecord() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        doThrow(providerRefusal("graph 400")).when(meetings).cancelCalendarEvent(eq(bookingId), anyString());
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
        verify(store).recordCompensation(bookingId, CompensationKind.DELETE_GRAPH_EVENT);
    }

    @Test
    void aCancellationEmailThatFailsIsAudited() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        doThrow(providerRefusal("mail 400")).when(mail).sendCancellationEmail(bookingId);
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
        verify(store).audit(eq(bookingId), eq("cancellation_email_failed"), anyString());
    }

    @Test
    void aZoomMeetingThatCannotBeMovedIsAuditedAndTheBookingMovesAnyway() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        doThrow(providerRefusal("zoom 400")).when(meetings).updateZoomMeetingTime(bookingId);
        Instant newStart = START.plus(Duration.ofHours(2));
        workflow.salespersonMovedEvent(newStart, newStart.plus(Duration.ofHours(1)));
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().startUtc()).isEqualTo(newStart);
        verify(store).audit(eq(bookingId), eq("zoom_update_failed"), anyString());
        verify(mail).sendRescheduledBySalespersonEmail(bookingId);
    }

    @Test
    void aTeamsMoveHasNoZoomMeetingToMove() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        Instant newStart = START.plus(Duration.ofHours(2));
        workflow.salespersonMovedEvent(newStart, newStart.plus(Duration.ofHours(1)));
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().endUtc()).isEqualTo(newStart.plus(Duration.ofHours(1)));
        verify(meetings, never()).updateZoomMeetingTime(any());
        verify(mail).sendRescheduledBySalespersonEmail(bookingId);
    }

    @Test
    void aRescheduleEmailThatFailsIsAudited() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        doThrow(providerRefusal("mail 400")).when(mail).sendRescheduledBySalespersonEmail(bookingId);
        workflow.salespersonMovedEvent(START.plus(Duration.ofHours(2)), END.plus(Duration.ofHours(2)));
        env.sleep(Duration.ofSeconds(1));
        verify(store).audit(eq(bookingId), eq("reschedule_email_failed"), anyString());
    }

    @Test
    void aMoveConflictEmailThatFailsIsAudited() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        when(store.moveBooking(any(), any(), any())).thenReturn(false);
        doThrow(providerRefusal("mail 400")).when(mail).sendMoveConflictEmail(bookingId);
        workflow.salespersonMovedEvent(START.plus(Duration.ofHours(2)), END.plus(Duration.ofHours(2)));
        env.sleep(Duration.ofSeconds(1));
        verify(store).audit(eq(bookingId), eq("conflict_email_failed"), anyString());
        assertThat(workflow.state().startUtc()).isEqualTo(START);
    }
}
