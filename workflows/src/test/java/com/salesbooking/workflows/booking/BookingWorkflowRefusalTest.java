package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowUpdateException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Which requests the booking refuses, with which failure type, and that a refusal changes nothing: no activity runs
 * and, for a request refused by its validator, nothing is written to the booking's history (a booking stays open for
 * months; refused retries must not grow it).
 */
class BookingWorkflowRefusalTest extends BookingWorkflowHarness {

    static final CancelRequest BY_CUSTOMER = new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null);
    static final CancelRequest BY_SALESPERSON = new CancelRequest(CancelRequest.Actor.SALESPERSON, "sick", null);

    @Test
    void aVerificationRequestSendsTheEmailExactlyOnceAndConfirmSendsNoOther() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        assertThat(workflow.requestVerification().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
        verify(mail, times(1)).sendVerificationEmail(bookingId);
        workflow.confirm("jti");
        verify(mail, times(1)).sendVerificationEmail(bookingId);
        verify(mail, times(1)).sendConfirmationEmail(bookingId);
    }

    @Test
    void aVerificationRequestForAConfirmedBookingIsRefusedBeforeItReachesTheHistory() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        long updatesBefore = acceptedUpdates();
        assertThatThrownBy(workflow::requestVerification)
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.INVALID_STATE));
        assertThat(acceptedUpdates()).isEqualTo(updatesBefore);
        verify(store, times(1)).prepareVerification(bookingId);
        verify(mail, times(1)).sendVerificationEmail(bookingId);
    }

    @Test
    void aVerificationRequestAfterTheTtlIsRefusedAsExpiredBeforeItReachesTheHistory() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        // the expiry cannot be written yet: the hold is past its TTL but still pending_verify
        when(store.expireHold(bookingId)).thenThrow(programmingError()).thenReturn(BookingStatus.EXPIRED);
        workflow.requestVerification();
        env.sleep(TTL.plusSeconds(1));
        long updatesBefore = acceptedUpdates();
        assertThatThrownBy(() -> BookingWorkflowTest.retryLostUpdate(workflow::requestVerification))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.HOLD_EXPIRED));
        assertThat(acceptedUpdates()).isEqualTo(updatesBefore);
        verify(mail, times(1)).sendVerificationEmail(bookingId);
    }

    @Test
    void aRepeatedConfirmOfAConfirmedBookingAnswersConfirmedWithoutASecondSaga() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        assertThat(workflow.confirm("jti").status()).isEqualTo(BookingStatus.CONFIRMED);
        verify(meetings, times(1)).createZoomMeeting(bookingId);
        verify(meetings, times(1)).createCalendarEvent(any(), anyInt());
        verify(store, times(1)).finalizeConfirmation(any(), anyString());
        verify(mail, times(1)).sendConfirmationEmail(bookingId);
    }

    @Test
    void aConfirmWithABlankTokenIdIsRefusedWithoutAStoreCall() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        assertThatThrownBy(() -> workflow.confirm(" "))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.INVALID_STATE));
        verify(store, never()).checkConfirmable(any(), anyString());
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
    }

    @Test
    void aConfirmWithoutATokenIdIsRefusedWithoutAStoreCall() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        assertThatThrownBy(() -> workflow.confirm(null))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.INVALID_STATE));
        verify(store, never()).checkConfirmable(any(), any());
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
    }

    @Test
    void aConfirmBeforeVerificationIsRefusedBeforeItReachesTheHistory() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.state();
        long updatesBefore = acceptedUpdates();
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.INVALID_STATE));
        assertThat(acceptedUpdates()).isEqualTo(updatesBefore);
    }

    @Test
    void aConfirmWhoseTokenIsNoLongerExpectedIsRefusedWithoutProviderCalls() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        when(store.checkConfirmable(bookingId, "jti")).thenReturn(ConfirmCheck.NOT_PENDING);
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.INVALID_STATE));
        verify(meetings, never()).createZoomMeeting(any());
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
    }

    @Test
    void aConfirmingTransactionThatFindsTheTokenUsedUndoesTheMeetingAndTheEvent() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        when(store.finalizeConfirmation(bookingId, "jti")).thenReturn(ConfirmCheck.TOKEN_USED);
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.TOKEN_USED));
        verify(meetings).deleteZoomMeeting(bookingId);
        verify(meetings).cancelCalendarEvent(any(), anyString());
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
    }

    @Test
    void aConfirmingTransactionThatFindsTheBookingNotPendingUndoesTheMeetingAndTheEvent() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        when(store.finalizeConfirmation(bookingId, "jti")).thenReturn(ConfirmCheck.NOT_PENDING);
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.INVALID_STATE));
        verify(meetings).deleteZoomMeeting(bookingId);
        verify(meetings).cancelCalendarEvent(any(), anyString());
    }

    @Test
    void aConfirmingTransactionThatFindsItDoneAlreadyKeepsTheMeetingAndConfirms() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        when(store.finalizeConfirmation(bookingId, "jti")).thenReturn(ConfirmCheck.ALREADY_CONFIRMED);
        assertThat(workflow.confirm("jti").status()).isEqualTo(BookingStatus.CONFIRMED);
        verify(meetings, never()).deleteZoomMeeting(any());
        verify(meetings, never()).cancelCalendarEvent(any(), anyString());
    }

    @Test
    void aCancelOfAPendingBookingIsRefusedBeforeItReachesTheHistory() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        long updatesBefore = acceptedUpdates();
        assertThatThrownBy(() -> workflow.cancel(BY_CUSTOMER))
                .satisfies(e -> assertThat(failure(e)).isEqualTo(BookingFailure.INVALID_STATE));
        assertThat(acceptedUpdates()).isEqualTo(updatesBefore);
        verify(store, never()).markCanceled(any(), any());
    }

    @Test
    void theSalespersonMayCancelAfterTheCustomersDeadline() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        sleepUntil(BookingWorkflow.customerChangeDeadline(START).plusSeconds(1));
        assertThat(BookingWorkflowTest.retryLostUpdate(() -> workflow.cancel(BY_SALESPERSON))
                        .status())
                .isEqualTo(BookingStatus.CANCELED);
        verify(store).markCanceled(bookingId, BY_SALESPERSON);
    }

    private long acceptedUpdates() {
        return client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                .count();
    }

    private static BookingFailure failure(Throwable e) {
        assertThat(e).isInstanceOf(WorkflowUpdateException.class);
        return BookingFailure.in(e).orElseThrow();
    }
}
