package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.CompensationKind;
import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The booking workflow with mocked activities, on the time-skipping test server: TTL and deadline timers are
 * crossed with {@code env.sleep}, never with real waiting, and the clock starts at a fixed instant.
 */
class BookingWorkflowTest extends BookingWorkflowHarness {

    static String failureType(Throwable e) {
        assertThat(e).isInstanceOf(WorkflowUpdateException.class);
        return BookingFailure.in(e).map(Enum::name).orElse("none: " + e.getCause());
    }

    @Test
    void holdExpiresAfterTtlAndConfirmGets409() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        env.sleep(TTL.plusSeconds(1));
        BookingState result = WorkflowStub.fromTyped(workflow).getResult(BookingState.class);
        assertThat(result.status()).isEqualTo(BookingStatus.EXPIRED);
        // the workflow has ended: a late confirm finds no workflow, and the api answers 409 hold_expired from the
        // database (BookingJourneyTest.holdExpiresAfterTtlAndConfirmGets409 covers that end to end)
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
        verify(store).expireHold(bookingId);
        verify(meetings, never()).createZoomMeeting(any());
    }

    /**
     * Sends an update again when the Java test server answered NOT_FOUND for the update itself (it does, now and
     * then, right after time was skipped); the api does the same (BookingWorkflows).
     */
    static <T> T retryLostUpdate(java.util.function.Supplier<T> update) {
        try {
            return update.get();
        } catch (io.temporal.client.WorkflowNotFoundException e) {
            return update.get();
        }
    }

    @Test
    void holdWithoutVerificationExpiresToo() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        env.sleep(TTL.plusSeconds(1));
        assertThat(WorkflowStub.fromTyped(workflow)
                        .getResult(BookingState.class)
                        .status())
                .isEqualTo(BookingStatus.EXPIRED);
    }

    @Test
    void confirmBeforeVerificationIsInvalidState() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("INVALID_STATE"));
        verify(store, never()).checkConfirmable(any(), anyString());
    }

    @Test
    void verifyThenConfirmRunsTheSagaOnceAndStaysConfirmedPastTheTtl() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        assertThat(workflow.requestVerification().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
        BookingState confirmed = workflow.confirm("jti");
        assertThat(confirmed.status()).isEqualTo(BookingStatus.CONFIRMED);
        env.sleep(TTL.plusMinutes(5));
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.CONFIRMED);
        verify(meetings).createZoomMeeting(bookingId);
        verify(meetings).createCalendarEvent(bookingId, 1);
        verify(store).finalizeConfirmation(bookingId, "jti");
        verify(mail).sendConfirmationEmail(bookingId);
        verify(store, never()).expireHold(any());
    }

    @Test
    void teamsTenantsGetNoZoomMeeting() {
        BookingWorkflow workflow = start(MeetingProviderKind.TEAMS);
        workflow.requestVerification();
        workflow.confirm("jti");
        verify(meetings, never()).createZoomMeeting(any());
        verify(meetings).createCalendarEvent(bookingId, 1);
    }

    @Test
    void graphFailingAfterZoomDeletesTheMeetingKeepsPendingVerifyAndALaterConfirmSucceeds() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        doThrow(ApplicationFailure.newNonRetryableFailure("graph 400", MeetingActivities.NON_RETRYABLE))
                .doNothing()
                .when(meetings)
                .createCalendarEvent(eq(bookingId), anyInt());
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("PROVIDER_UNAVAILABLE"));
        verify(meetings).deleteZoomMeeting(bookingId);
        verify(meetings).cancelCalendarEvent(eq(bookingId), anyString());
        verify(store, never()).recordCompensation(any(), any());
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);

        assertThat(workflow.confirm("jti").status()).isEqualTo(BookingStatus.CONFIRMED);
        verify(meetings, times(2)).createZoomMeeting(bookingId);
        verify(meetings).createCalendarEvent(bookingId, 2);
    }

    @Test
    void aFailingCompensatingDeleteLeavesACompensationRecord() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        doThrow(ApplicationFailure.newNonRetryableFailure("graph 400", MeetingActivities.NON_RETRYABLE))
                .when(meetings)
                .createCalendarEvent(eq(bookingId), anyInt());
        doThrow(ApplicationFailure.newNonRetryableFailure("zoom 400", MeetingActivities.NON_RETRYABLE))
                .when(meetings)
                .deleteZoomMeeting(bookingId);
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("PROVIDER_UNAVAILABLE"));
        verify(store).recordCompensation(bookingId, CompensationKind.DELETE_ZOOM_MEETING);
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
    }

    @Test
    void twoConcurrentConfirmsRunOneSagaAndGetTheSameAnswer() throws Exception {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        CountDownLatch zoomCalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(inv -> {
                    zoomCalled.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return null;
                })
                .when(meetings)
                .createZoomMeeting(bookingId);
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        CompletableFuture<BookingState> first = stub.startUpdate(
                        UpdateOptions.newBuilder(BookingState.class)
                                .setUpdateName("confirm")
                                .setUpdateId("key-1")
                                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                .build(),
                        "jti")
                .getResultAsync();
        assertThat(zoomCalled.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<BookingState> second = stub.startUpdate(
                        UpdateOptions.newBuilder(BookingState.class)
                                .setUpdateName("confirm")
                                .setUpdateId("key-2")
                                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                .build(),
                        "jti")
                .getResultAsync();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(second.get(10, TimeUnit.SECONDS));
        assertThat(first.get().status()).isEqualTo(BookingStatus.CONFIRMED);
        verify(meetings, times(1)).createZoomMeeting(bookingId);
        verify(meetings, times(1)).createCalendarEvent(eq(bookingId), anyInt());
        verify(store, times(1)).finalizeConfirmation(bookingId, "jti");
    }

    @Test
    void aUsedTokenIsRefusedWithoutProviderCalls() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        when(store.checkConfirmable(bookingId, "old")).thenReturn(ConfirmCheck.TOKEN_USED);
        assertThatThrownBy(() -> workflow.confirm("old"))
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("TOKEN_USED"));
        verify(meetings, never()).createZoomMeeting(any());
    }

    private BookingWorkflow confirmed() {
        return confirmed(MeetingProviderKind.ZOOM);
    }

    @Test
    void customerCancelOneSecondBeforeTheDeadlineIsAccepted() {
        BookingWorkflow workflow = confirmed();
        Instant deadline = START.minus(Duration.ofHours(24));
        env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), deadline.minusSeconds(1)));
        BookingState state = retryLostUpdate(
                () -> workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null)));
        assertThat(state.status()).isEqualTo(BookingStatus.CANCELED);
        verify(meetings).cancelCalendarEvent(eq(bookingId), anyString());
        verify(meetings).deleteZoomMeeting(bookingId);
        verify(mail).sendCancellationEmail(bookingId);
        // a canceled booking's workflow ends; a second cancel finds it closed and the api answers 200 from the
        // database (CancelRescheduleAttendanceTest), without touching the providers again
        assertThat(WorkflowStub.fromTyped(workflow)
                        .getResult(BookingState.class)
                        .status())
                .isEqualTo(BookingStatus.CANCELED);
        assertThatThrownBy(() -> workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null)))
                .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
        verify(meetings, times(1)).cancelCalendarEvent(eq(bookingId), anyString());
    }

    @Test
    void customerCancelOneSecondAfterTheDeadlineIsRefusedButTheSalespersonMayStillCancel() {
        BookingWorkflow workflow = confirmed();
        Instant deadline = START.minus(Duration.ofHours(24));
        env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), deadline.plusSeconds(1)));
        assertThatThrownBy(() -> retryLostUpdate(
                        () -> workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null))))
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("CANCEL_DEADLINE_PASSED"));
        verify(store, never()).markCanceled(any(), any());
        workflow.salespersonDeletedEvent();
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.CANCELED);
        verify(store)
                .markCanceled(
                        eq(bookingId), eq(new CancelRequest(CancelRequest.Actor.SALESPERSON, "outlook_deleted", null)));
        verify(meetings, never()).cancelCalendarEvent(any(), anyString());
    }

    @Test
    void cancelWithZoomDeleteFailingStillCancelsAndRecordsCompensation() {
        BookingWorkflow workflow = confirmed();
        doThrow(ApplicationFailure.newNonRetryableFailure("zoom 500", MeetingActivities.NON_RETRYABLE))
                .when(meetings)
                .deleteZoomMeeting(bookingId);
        assertThat(workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null))
                        .status())
                .isEqualTo(BookingStatus.CANCELED);
        verify(store).recordCompensation(bookingId, CompensationKind.DELETE_ZOOM_MEETING);
    }

    @Test
    void salespersonMoveIntoAFreeIntervalMovesBookingAndZoomMeeting() {
        BookingWorkflow workflow = confirmed();
        Instant newStart = START.plus(Duration.ofHours(2));
        workflow.salespersonMovedEvent(newStart, newStart.plus(Duration.ofHours(1)));
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().startUtc()).isEqualTo(newStart);
        verify(meetings).updateZoomMeetingTime(bookingId);
        verify(mail).sendRescheduledBySalespersonEmail(bookingId);
    }

    @Test
    void salespersonMoveIntoATakenIntervalKeepsTheTimeAndTellsTheSalesperson() {
        BookingWorkflow workflow = confirmed();
        when(store.moveBooking(any(), any(), any())).thenReturn(false);
        Instant newStart = START.plus(Duration.ofHours(2));
        workflow.salespersonMovedEvent(newStart, newStart.plus(Duration.ofHours(1)));
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().startUtc()).isEqualTo(START);
        verify(meetings, never()).updateZoomMeetingTime(any());
        verify(mail).sendMoveConflictEmail(bookingId);
    }

    @Test
    void aConfirmedBookingsWorkflowEndsWhenItsMeetingEndsNotAnAttendanceWindowLater() {
        BookingWorkflow workflow = confirmed();
        BookingState result = WorkflowStub.fromTyped(workflow).getResult(BookingState.class);
        assertThat(result.status()).isEqualTo(BookingStatus.CONFIRMED);
        var last =
                client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).getLastEvent();
        assertThat(last.getEventType())
                .isEqualTo(io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        Instant closedAt = Instant.ofEpochSecond(
                last.getEventTime().getSeconds(), last.getEventTime().getNanos());
        // attendance is the api's (in the database, within BOOKING_ATTENDANCE_WINDOW): the workflow need not wait
        assertThat(closedAt).isBetween(END, END.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aCanceledBookingsWorkflowEndsWithTheCancelNotAtItsNextTimer() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        Instant canceledAt = Instant.ofEpochMilli(env.currentTimeMillis());
        workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null));
        assertThat(result(workflow).status()).isEqualTo(BookingStatus.CANCELED);
        var last =
                client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).getLastEvent();
        Instant closedAt = Instant.ofEpochSecond(
                last.getEventTime().getSeconds(), last.getEventTime().getNanos());
        // the cancel wakes the booking's wait: nothing stays open until the customer's deadline (days later)
        assertThat(closedAt).isBetween(canceledAt, canceledAt.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aSalespersonLengtheningTheMeetingMovesItsEnd() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        Instant newEnd = END.plus(Duration.ofMinutes(30));
        workflow.salespersonMovedEvent(START, newEnd);
        env.sleep(Duration.ofSeconds(1));
        verify(store).moveBooking(bookingId, START, newEnd);
        assertThat(workflow.state().endUtc()).isEqualTo(newEnd);
        assertThat(workflow.state().startUtc()).isEqualTo(START);
        verify(mail).sendRescheduledBySalespersonEmail(bookingId);
    }

    @Test
    void aSalespersonStartingTheMeetingEarlierMovesItsStart() {
        BookingWorkflow workflow = confirmed(MeetingProviderKind.TEAMS);
        Instant newStart = START.minus(Duration.ofMinutes(30));
        workflow.salespersonMovedEvent(newStart, END);
        env.sleep(Duration.ofSeconds(1));
        verify(store).moveBooking(bookingId, newStart, END);
        assertThat(workflow.state().startUtc()).isEqualTo(newStart);
        assertThat(workflow.state().endUtc()).isEqualTo(END);
    }

    @Test
    void eachChangeUpsertsOnlyWhatChangedAndNothingTheStartAlreadyCarried() {
        BookingWorkflow workflow = confirmed();
        Instant deadline = START.minus(Duration.ofHours(24));
        env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), deadline.plusSeconds(1)));
        var events =
                client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).getEvents();
        long searchAttributeUpserts = events.stream()
                .filter(e -> e.getEventType()
                        == io.temporal.api.enums.v1.EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
                .count();
        long memoUpserts = events.stream()
                .filter(e ->
                        e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED)
                .count();
        // status pending_verify, status confirmed: nothing for the hold the start described
        assertThat(searchAttributeUpserts).isEqualTo(2);
        // customerMayChange true at the confirm, false at the deadline; a status change alone leaves the memo be
        assertThat(memoUpserts).isEqualTo(2);
        assertThat(searchAttributes().get(BookingSearchAttributes.BOOKING_STATUS))
                .isEqualTo("confirmed");
        assertThat(memo("customerMayChange")).isEqualTo(false);
        assertThat(memo("slot")).isEqualTo(START + "/" + END);
        assertThat(memo("status")).as("status is a search attribute only").isNull();
    }

    @Test
    void aConfirmingTransactionThatFailsForGoodUndoesTheMeetingAndTheEvent() throws Exception {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        when(store.finalizeConfirmation(any(), anyString()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(
                        "bug", java.util.NoSuchElementException.class.getName()));
        assertThatThrownBy(() -> workflow.confirm("jti"))
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("PROVIDER_UNAVAILABLE"));
        verify(meetings).deleteZoomMeeting(bookingId);
        verify(meetings).cancelCalendarEvent(eq(bookingId), anyString());
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
        assertThat(storeFailuresCounted("finalizeConfirmation")).isEqualTo(1);
    }

    @Test
    void aProgrammingErrorInTheStoreIsNotRetriedForEverAndTheExpiryIsTriedAgainLater() throws Exception {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        when(store.expireHold(bookingId)).thenAnswer(a -> {
            attempts.incrementAndGet();
            if (!fixed.get()) {
                throw new java.util.NoSuchElementException("no hold row");
            }
            return BookingStatus.EXPIRED;
        });
        env.sleep(TTL.plusMinutes(5));
        // one attempt, not one every 30 s while holding the lock
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.PENDING_VERIFY);
        fixed.set(true);
        // a worker with the fix completes the expiry: the slot is released, nothing was lost
        assertThat(WorkflowStub.fromTyped(workflow)
                        .getResult(BookingState.class)
                        .status())
                .isEqualTo(BookingStatus.EXPIRED);
        assertThat(attempts.get()).isEqualTo(2);
        // ops were shown the failed attempt once, under the operation that failed
        assertThat(storeFailuresCounted("expireHold")).isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanTheStepBudgetEndsTheConfirmWithinAMinute() throws Exception {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        doAnswer(inv -> {
                    attempts.incrementAndGet();
                    throw ApplicationFailure.newBuilder()
                            .setMessage("graph 429")
                            .setType("ProviderRetryable")
                            .setNextRetryDelay(Duration.ofMinutes(2))
                            .build();
                })
                .when(meetings)
                .createCalendarEvent(eq(bookingId), anyInt());
        java.util.concurrent.atomic.AtomicLong undoneAt = new java.util.concurrent.atomic.AtomicLong();
        doAnswer(inv -> {
                    undoneAt.set(env.currentTimeMillis());
                    return null;
                })
                .when(meetings)
                .deleteZoomMeeting(bookingId);
        long started = env.currentTimeMillis();
        CompletableFuture<BookingState> confirm = WorkflowStub.fromTyped(workflow)
                .startUpdate(
                        UpdateOptions.newBuilder(BookingState.class)
                                .setUpdateName("confirm")
                                .setUpdateId("k")
                                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                .build(),
                        "jti")
                .getResultAsync();
        env.sleep(Duration.ofMinutes(10));
        assertThatThrownBy(() -> confirm.get(10, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(BookingFailure.in(e)).contains(BookingFailure.PROVIDER_UNAVAILABLE));
        // Graph asked for 2 minutes: no second attempt fits the step's budget, so the saga undid the Zoom meeting
        assertThat(attempts.get()).isEqualTo(1);
        verify(meetings).deleteZoomMeeting(bookingId);
        assertThat(undoneAt.get() - started).isLessThan(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void aFourthConcurrentConfirmIsRefusedBeforeItQueuesOnTheLock() throws Exception {
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
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        java.util.List<CompletableFuture<BookingState>> accepted = new java.util.ArrayList<>();
        for (int i = 0; i < BookingWorkflow.MAX_CONFIRMS_IN_FLIGHT; i++) {
            accepted.add(stub.startUpdate(
                            UpdateOptions.newBuilder(BookingState.class)
                                    .setUpdateName("confirm")
                                    .setUpdateId("key-" + i)
                                    .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                    .build(),
                            "jti")
                    .getResultAsync());
            if (i == 0) {
                assertThat(zoomCalled.await(10, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThatThrownBy(() -> stub.startUpdate(
                                UpdateOptions.newBuilder(BookingState.class)
                                        .setUpdateName("confirm")
                                        .setUpdateId("key-more")
                                        .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                                        .build(),
                                "jti")
                        .getResult())
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("RATE_LIMITED"));
        release.countDown();
        for (CompletableFuture<BookingState> confirm : accepted) {
            assertThat(confirm.get(10, TimeUnit.SECONDS).status()).isEqualTo(BookingStatus.CONFIRMED);
        }
        verify(meetings, times(1)).createZoomMeeting(bookingId);
    }

    @Test
    void theDeadlineTimerTellsTheMemoTheCustomerMayNoLongerChangeTheBooking() {
        BookingWorkflow workflow = confirmed();
        assertThat(memo("customerMayChange")).isEqualTo(true);
        Instant deadline = START.minus(Duration.ofHours(24));
        env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), deadline.plusSeconds(1)));
        assertThat(memo("customerMayChange")).isEqualTo(false);
        // the salesperson moves it two days later: the customer may change it again
        workflow.salespersonMovedEvent(START.plus(Duration.ofDays(2)), END.plus(Duration.ofDays(2)));
        env.sleep(Duration.ofSeconds(1));
        assertThat(memo("customerMayChange")).isEqualTo(true);
    }

    @Test
    void aMoveCancelsTheTimerItNoLongerNeeds() {
        BookingWorkflow workflow = confirmed();
        workflow.salespersonMovedEvent(START.plus(Duration.ofHours(2)), END.plus(Duration.ofHours(2)));
        env.sleep(Duration.ofSeconds(1));
        var events =
                client.fetchHistory(BookingWorkflowInput.workflowId(bookingId)).getEvents();
        assertThat(events)
                .anyMatch(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_CANCELED);
        long started = events.stream()
                .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED)
                .count();
        long ended = events.stream()
                .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_CANCELED
                        || e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED)
                .count();
        // only the timer of the current wait is still running: not the hold's TTL, not the deadline before the move
        assertThat(started - ended).isEqualTo(1);
    }
}
