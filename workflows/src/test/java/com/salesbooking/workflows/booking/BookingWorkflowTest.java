package com.salesbooking.workflows.booking;

import com.salesbooking.workflows.booking.BookingStoreActivities.CompensationKind;
import com.salesbooking.workflows.booking.BookingStoreActivities.ConfirmCheck;
import com.salesbooking.workflows.booking.BookingStoreActivities.VerificationPrepared;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * The booking workflow with mocked activities, on the time-skipping test server: TTL and deadline timers are
 * crossed with {@code env.sleep}, never with real waiting, and the clock starts at a fixed instant.
 */
class BookingWorkflowTest {

    static final String QUEUE = "booking-test";
    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    static final Instant START = Instant.parse("2027-03-10T09:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(1));
    static final Duration TTL = Duration.ofMinutes(10);

    TestWorkflowEnvironment env;
    WorkflowClient client;
    BookingStoreActivities store;
    MeetingActivities meetings;
    NotificationActivities mail;
    UUID bookingId;

    @BeforeEach
    void setUp() {
        TestEnvironmentOptions.Builder options = TestEnvironmentOptions.newBuilder().setInitialTime(T0);
        for (var key : BookingSearchAttributes.ALL) {
            options.registerSearchAttribute(key.getName(), key.getValueType());
        }
        env = TestWorkflowEnvironment.newInstance(options.build());
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(BookingWorkflowImpl.class);
        store = mock(BookingStoreActivities.class, withSettings().withoutAnnotations());
        meetings = mock(MeetingActivities.class, withSettings().withoutAnnotations());
        mail = mock(NotificationActivities.class, withSettings().withoutAnnotations());
        worker.registerActivitiesImplementations(store, meetings, mail);
        env.start();
        client = env.getWorkflowClient();
        bookingId = UUID.randomUUID();
        when(store.expireHold(any())).thenReturn(BookingStatus.EXPIRED);
        when(store.prepareVerification(any())).thenReturn(new VerificationPrepared(BookingStatus.PENDING_VERIFY, T0.plus(TTL)));
        when(store.checkConfirmable(any(), anyString())).thenReturn(ConfirmCheck.OK);
        when(store.finalizeConfirmation(any(), anyString())).thenReturn(ConfirmCheck.OK);
        when(store.markCanceled(any(), any())).thenReturn(BookingStatus.CANCELED);
        when(store.moveBooking(any(), any(), any())).thenReturn(true);
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    BookingWorkflow start(MeetingProviderKind provider) {
        BookingWorkflow workflow = client.newWorkflowStub(BookingWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(BookingWorkflowInput.workflowId(bookingId)).setTaskQueue(QUEUE).build());
        WorkflowClient.start(workflow::run, new BookingWorkflowInput(bookingId, UUID.randomUUID(), UUID.randomUUID(),
                START, END, T0.plus(TTL), provider, Duration.ofDays(30)));
        return workflow;
    }

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
        assertThatThrownBy(() -> workflow.confirm("jti")).isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
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
        assertThat(WorkflowStub.fromTyped(workflow).getResult(BookingState.class).status()).isEqualTo(BookingStatus.EXPIRED);
    }

    @Test
    void confirmBeforeVerificationIsInvalidState() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        assertThatThrownBy(() -> workflow.confirm("jti")).satisfies(e -> assertThat(failureType(e)).isEqualTo("INVALID_STATE"));
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
                .when(meetings).createCalendarEvent(eq(bookingId), anyInt());
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
                .when(meetings).createCalendarEvent(eq(bookingId), anyInt());
        doThrow(ApplicationFailure.newNonRetryableFailure("zoom 400", MeetingActivities.NON_RETRYABLE))
                .when(meetings).deleteZoomMeeting(bookingId);
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
        }).when(meetings).createZoomMeeting(bookingId);
        WorkflowStub stub = WorkflowStub.fromTyped(workflow);
        CompletableFuture<BookingState> first = stub.startUpdate(UpdateOptions.newBuilder(BookingState.class)
                .setUpdateName("confirm").setUpdateId("key-1").setWaitForStage(WorkflowUpdateStage.ACCEPTED).build(), "jti")
                .getResultAsync();
        assertThat(zoomCalled.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<BookingState> second = stub.startUpdate(UpdateOptions.newBuilder(BookingState.class)
                .setUpdateName("confirm").setUpdateId("key-2").setWaitForStage(WorkflowUpdateStage.ACCEPTED).build(), "jti")
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
        assertThatThrownBy(() -> workflow.confirm("old")).satisfies(e -> assertThat(failureType(e)).isEqualTo("TOKEN_USED"));
        verify(meetings, never()).createZoomMeeting(any());
    }

    private BookingWorkflow confirmed() {
        BookingWorkflow workflow = start(MeetingProviderKind.ZOOM);
        workflow.requestVerification();
        workflow.confirm("jti");
        return workflow;
    }

    @Test
    void customerCancelOneSecondBeforeTheDeadlineIsAccepted() {
        BookingWorkflow workflow = confirmed();
        Instant deadline = START.minus(Duration.ofHours(24));
        env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), deadline.minusSeconds(1)));
        BookingState state = retryLostUpdate(() -> workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null)));
        assertThat(state.status()).isEqualTo(BookingStatus.CANCELED);
        verify(meetings).cancelCalendarEvent(eq(bookingId), anyString());
        verify(meetings).deleteZoomMeeting(bookingId);
        verify(mail).sendCancellationEmail(bookingId);
        // a canceled booking's workflow ends; a second cancel finds it closed and the api answers 200 from the
        // database (CancelRescheduleAttendanceTest), without touching the providers again
        assertThat(WorkflowStub.fromTyped(workflow).getResult(BookingState.class).status()).isEqualTo(BookingStatus.CANCELED);
        assertThatThrownBy(() -> workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null)))
                .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
        verify(meetings, times(1)).cancelCalendarEvent(eq(bookingId), anyString());
    }

    @Test
    void customerCancelOneSecondAfterTheDeadlineIsRefusedButTheSalespersonMayStillCancel() {
        BookingWorkflow workflow = confirmed();
        Instant deadline = START.minus(Duration.ofHours(24));
        env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), deadline.plusSeconds(1)));
        assertThatThrownBy(() -> retryLostUpdate(() -> workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null))))
                .satisfies(e -> assertThat(failureType(e)).isEqualTo("CANCEL_DEADLINE_PASSED"));
        verify(store, never()).markCanceled(any(), any());
        workflow.salespersonDeletedEvent();
        env.sleep(Duration.ofSeconds(1));
        assertThat(workflow.state().status()).isEqualTo(BookingStatus.CANCELED);
        verify(store).markCanceled(eq(bookingId), eq(new CancelRequest(CancelRequest.Actor.SALESPERSON, "outlook_deleted", null)));
        verify(meetings, never()).cancelCalendarEvent(any(), anyString());
    }

    @Test
    void cancelWithZoomDeleteFailingStillCancelsAndRecordsCompensation() {
        BookingWorkflow workflow = confirmed();
        doThrow(ApplicationFailure.newNonRetryableFailure("zoom 500", MeetingActivities.NON_RETRYABLE))
                .when(meetings).deleteZoomMeeting(bookingId);
        assertThat(workflow.cancel(new CancelRequest(CancelRequest.Actor.CUSTOMER, "customer", null)).status())
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
    void workflowCompletesAfterTheMeetingAndTheAttendanceWindow() {
        BookingWorkflow workflow = confirmed();
        BookingState result = WorkflowStub.fromTyped(workflow).getResult(BookingState.class);
        assertThat(result.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(env.currentTimeMillis()).isGreaterThanOrEqualTo(END.plus(Duration.ofDays(30)).toEpochMilli());
    }
}
