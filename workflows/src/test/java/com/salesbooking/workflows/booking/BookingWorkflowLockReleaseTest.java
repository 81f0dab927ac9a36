package com.salesbooking.workflows.booking;

import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Every path through a write (success, refusal, a store failing for good) lets the next write of the same booking
 * in: a second update after each path completes. A lock left held would block every later change of the booking.
 */
class BookingWorkflowLockReleaseTest extends BookingWorkflowHarness {

    static final CancelRequest BY_CUSTOMER = new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null);

    @Test
    void aSecondVerificationRequestResendsTheEmail() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        assertThat(workflow.requestVerification().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
        verify(mail, times(2)).sendVerificationEmail(bookingId);
    }

    @Test
    void aVerificationEmailThatFailsCanBeRequestedAgain() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        doThrow(providerRefusal("mail 400")).doNothing().when(mail).sendVerificationEmail(bookingId);
        assertThatThrownBy(workflow::requestVerification)
                .isInstanceOf(WorkflowUpdateException.class)
                .satisfies(e -> assertThat(BookingFailure.in(e)).contains(BookingFailure.PROVIDER_UNAVAILABLE));
        assertThat(workflow.requestVerification().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
        assertThat(workflow.confirm("jti").status()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void aConfirmRefusedForAUsedTokenLetsTheNextConfirmIn() {
        BookingWorkflow workflow = start(MeetingProviderKind.TEAMS);
        workflow.requestVerification();
        when(store.checkConfirmable(bookingId, "old")).thenReturn(BookingStoreActivities.ConfirmCheck.TOKEN_USED);
        assertThatThrownBy(() -> workflow.confirm("old")).isInstanceOf(WorkflowUpdateException.class);
        assertThat(workflow.confirm("jti").status()).isEqualTo(BookingStatus.CONFIRMED);
    }

    @Test
    void twoCancelsAcceptedTogetherBothAnswerCanceledAndTheWorkflowEnds() throws Exception {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        CountDownLatch storeCalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(store.markCanceled(eq(bookingId), any())).thenAnswer(a -> {
            storeCalled.countDown();
            release.await(10, TimeUnit.SECONDS);
            return BookingStatus.CANCELED;
        });
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        CompletableFuture<BookingState> first = startCancel(stub, "cancel-1");
        assertThat(storeCalled.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<BookingState> second = startCancel(stub, "cancel-2");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(BookingStatus.CANCELED);
        assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(BookingStatus.CANCELED);
        assertThat(stub.getResult(10, TimeUnit.SECONDS, BookingState.class).status())
                .isEqualTo(BookingStatus.CANCELED);
        verify(store, times(1)).markCanceled(eq(bookingId), any());
    }

    @Test
    void aCancelRetriedWhileTheFirstStillCleansUpAnswersCanceled() throws Exception {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        CountDownLatch eventCancelCalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(a -> {
                    eventCancelCalled.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return null;
                })
                .when(meetings)
                .cancelCalendarEvent(eq(bookingId), anyString());
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        CompletableFuture<BookingState> first = startCancel(stub, "cancel-1");
        // the booking is canceled in the database; the first cancel is still at Outlook when the api retries
        assertThat(eventCancelCalled.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<BookingState> retried = startCancel(stub, "cancel-2");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(BookingStatus.CANCELED);
        assertThat(retried.get(10, TimeUnit.SECONDS).status()).isEqualTo(BookingStatus.CANCELED);
        verify(store, times(1)).markCanceled(eq(bookingId), any());
        verify(meetings, times(1)).cancelCalendarEvent(eq(bookingId), anyString());
    }

    @Test
    void aSalespersonMoveWaitingForACustomerCancelLeavesTheCanceledBookingAlone() throws Exception {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        CountDownLatch storeCalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(store.markCanceled(eq(bookingId), any())).thenAnswer(a -> {
            storeCalled.countDown();
            release.await(10, TimeUnit.SECONDS);
            return BookingStatus.CANCELED;
        });
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        CompletableFuture<BookingState> cancel = startCancel(stub, "cancel");
        assertThat(storeCalled.await(10, TimeUnit.SECONDS)).isTrue();
        // the move reaches the workflow while the cancel holds the booking: it waits for the cancel to finish
        workflow.salespersonMovedEvent(START.plus(Duration.ofHours(2)), END.plus(Duration.ofHours(2)));
        awaitSignalsHandled();
        release.countDown();
        assertThat(cancel.get(10, TimeUnit.SECONDS).status()).isEqualTo(BookingStatus.CANCELED);
        assertThat(stub.getResult(10, TimeUnit.SECONDS, BookingState.class).status())
                .isEqualTo(BookingStatus.CANCELED);
        verify(store, never()).moveBooking(any(), any(), any());
        verify(mail, never()).sendRescheduledBySalespersonEmail(any());
        verify(mail, never()).sendMoveConflictEmail(any());
    }

    @Test
    void aCancelWhoseStoreWriteFailsForGoodLetsALaterCancelThrough() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        when(store.markCanceled(eq(bookingId), any()))
                .thenThrow(programmingError())
                .thenReturn(BookingStatus.CANCELED);
        assertThatThrownBy(() -> workflow.cancel(BY_CUSTOMER)).isInstanceOf(WorkflowUpdateException.class);
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
    }

    @Test
    void afterASalespersonMoveTheCustomerCanStillCancel() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        Instant newStart = START.plus(Duration.ofDays(2));
        workflow.salespersonMovedEvent(newStart, newStart.plus(Duration.ofHours(1)));
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().startUtc()).isEqualTo(newStart);
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
    }

    @Test
    void afterAMoveIntoATakenIntervalTheCustomerCanStillCancel() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        when(store.moveBooking(any(), any(), any())).thenReturn(false);
        workflow.salespersonMovedEvent(START.plus(Duration.ofHours(2)), END.plus(Duration.ofHours(2)));
        env.sleep(Duration.ofSeconds(1));
        verify(mail).sendMoveConflictEmail(bookingId);
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
    }

    @Test
    void aMoveToTheSameTimesChangesNothingAndTheCustomerCanStillCancel() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.ZOOM);
        workflow.salespersonMovedEvent(START, END);
        env.sleep(Duration.ofSeconds(1));
        verify(store, times(0)).moveBooking(any(), any(), any());
        verify(mail, times(0)).sendRescheduledBySalespersonEmail(any());
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
    }

    @Test
    void aMoveWhoseStoreWriteFailsForGoodIsAppliedOnTheNextTryAndTheCustomerCanStillCancel() throws Exception {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        when(store.moveBooking(any(), any(), any()))
                .thenThrow(programmingError())
                .thenReturn(true);
        Instant newStart = START.plus(Duration.ofHours(3));
        workflow.salespersonMovedEvent(newStart, newStart.plus(Duration.ofHours(1)));
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().startUtc()).isEqualTo(START);
        env.sleep(StoreFailures.RETRY_TRANSITION_AFTER.plusSeconds(1));
        assertThat(workflow.state().startUtc()).isEqualTo(newStart);
        verify(store, times(2)).moveBooking(bookingId, newStart, newStart.plus(Duration.ofHours(1)));
        assertThat(workflow.cancel(BY_CUSTOMER).status()).isEqualTo(BookingStatus.CANCELED);
        assertThat(storeFailuresCounted("moveBooking")).isEqualTo(1);
        assertThat(storeFailuresCounted("markCanceled")).isZero();
    }

    @Test
    void aDeletionWhoseStoreWriteFailsForGoodIsAppliedOnTheNextTry() throws Exception {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        when(store.markCanceled(eq(bookingId), any()))
                .thenThrow(programmingError())
                .thenReturn(BookingStatus.CANCELED);
        workflow.salespersonDeletedEvent();
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.CONFIRMED);
        env.sleep(StoreFailures.RETRY_TRANSITION_AFTER.plusSeconds(1));
        assertThat(result(workflow).status()).isEqualTo(BookingStatus.CANCELED);
        verify(store, times(2)).markCanceled(eq(bookingId), any());
        assertThat(storeFailuresCounted("markCanceled")).isEqualTo(1);
        assertThat(storeFailuresCounted("moveBooking")).isZero();
    }

    @Test
    void anExpiryWhoseStoreWriteFailedLetsARefusedConfirmAnswerAndThenExpires() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        when(store.expireHold(bookingId)).thenThrow(programmingError()).thenReturn(BookingStatus.EXPIRED);
        env.sleep(TTL.plusSeconds(1));
        // past the TTL, before the expiry is written: refused, the saga never starts
        assertThatThrownBy(() -> BookingWorkflowTest.retryLostUpdate(() -> workflow.confirm("jti")))
                .isInstanceOf(WorkflowUpdateException.class)
                .satisfies(e -> assertThat(BookingFailure.in(e)).contains(BookingFailure.HOLD_EXPIRED));
        verify(meetings, times(0)).createZoomMeeting(any());
        assertThat(result(workflow).status()).isEqualTo(BookingStatus.EXPIRED);
        verify(store, times(2)).expireHold(bookingId);
    }

    @Test
    void aConfirmAcceptedJustBeforeTheTtlCompletesAndTheHoldDoesNotExpire() throws Exception {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        CountDownLatch zoomCalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(inv -> {
                    zoomCalled.countDown();
                    release.await(20, TimeUnit.SECONDS);
                    return null;
                })
                .when(meetings)
                .createZoomMeeting(bookingId);
        sleepUntil(T0.plus(TTL).minusSeconds(1));
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        CompletableFuture<BookingState> confirm = BookingWorkflowTest.retryLostUpdate(() -> stub.startUpdate(
                        UpdateOptions.newBuilder(BookingState.class)
                                .setUpdateName("confirm")
                                .setUpdateId("late")
                                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                .build(),
                        "jti")
                .getResultAsync());
        assertThat(zoomCalled.await(10, TimeUnit.SECONDS)).isTrue();
        // the TTL passes while the saga is still at Zoom (the activity runs, so this is real time)
        env.sleep(Duration.ofSeconds(2));
        release.countDown();
        assertThat(confirm.get(10, TimeUnit.SECONDS).status()).isEqualTo(BookingStatus.CONFIRMED);
        verify(store, times(0)).expireHold(any());
    }

    private static CompletableFuture<BookingState> startCancel(WorkflowStub stub, String updateId) {
        return stub.startUpdate(
                        UpdateOptions.newBuilder(BookingState.class)
                                .setUpdateName("cancel")
                                .setUpdateId(updateId)
                                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                .build(),
                        BY_CUSTOMER)
                .getResultAsync();
    }
}
