package com.salesbooking.workflows.subscription;

import com.salesbooking.workflows.TestWorkers;
import com.salesbooking.workflows.booking.MeetingActivities;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.LifecycleSignal;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow.SubscriptionWorkflowInput;
import com.salesbooking.workflows.subscription.SubscriptionActivities.SubscriptionGrant;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.time.temporal.ChronoUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/**
 * The subscription workflow with mocked activities on the time-skipping test server: days pass with
 * {@code env.sleep}, and the mocked Graph grants whatever expiry is asked for, like the sandbox.
 */
class GraphSubscriptionWorkflowTest {

    static final String QUEUE = "subscription-test";
    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    static final UUID TENANT = UUID.randomUUID();
    static final UUID SALESPERSON = UUID.randomUUID();

    TestWorkflowEnvironment env;
    WorkflowClient client;
    SubscriptionActivities activities;
    final AtomicInteger created = new AtomicInteger();

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setInitialTime(T0).build());
        Worker worker = TestWorkers.newWorker(env, QUEUE);
        worker.registerWorkflowImplementationTypes(GraphSubscriptionWorkflowImpl.class);
        activities = mock(SubscriptionActivities.class, withSettings().withoutAnnotations());
        worker.registerActivitiesImplementations(activities);
        env.start();
        client = env.getWorkflowClient();
        when(activities.salespersonActive(TENANT, SALESPERSON)).thenReturn(true);
        when(activities.createSubscription(eq(TENANT), eq(SALESPERSON), any(), any()))
                .thenAnswer(a -> new SubscriptionGrant("sub-" + created.incrementAndGet(), a.getArgument(3)));
        when(activities.renewSubscription(eq(TENANT), anyString(), any()))
                .thenAnswer(a -> new SubscriptionGrant(a.getArgument(1), a.getArgument(2)));
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    GraphSubscriptionWorkflow start() {
        return start(SubscriptionWorkflowInput.start(TENANT, SALESPERSON));
    }

    /** Starts a run with what a start (or the previous run's continue-as-new) hands over, and lets it act. */
    GraphSubscriptionWorkflow start(SubscriptionWorkflowInput input) {
        GraphSubscriptionWorkflow workflow = client.newWorkflowStub(
                GraphSubscriptionWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(GraphSubscriptionWorkflow.workflowId(SALESPERSON))
                        .setTaskQueue(QUEUE)
                        .build());
        WorkflowClient.start(workflow::run, input);
        // let the first cycle create the subscription
        env.sleep(Duration.ofSeconds(1));
        return workflow;
    }

    /** The given run itself, not the run that continued it. */
    GraphSubscriptionWorkflow sameRun(GraphSubscriptionWorkflow started) {
        return client.newWorkflowStub(
                GraphSubscriptionWorkflow.class,
                GraphSubscriptionWorkflow.workflowId(SALESPERSON),
                Optional.of(WorkflowStub.fromTyped(started).getExecution().getRunId()));
    }

    /** The workflow's time when it asked Graph for a subscription: the request asks for the maximum from then on. */
    Instant createRequestedAt() {
        ArgumentCaptor<Instant> requested = ArgumentCaptor.forClass(Instant.class);
        verify(activities, timeout(10_000).atLeastOnce())
                .createSubscription(eq(TENANT), eq(SALESPERSON), any(), requested.capture());
        return requested.getAllValues().get(0).minus(GraphSubscriptionWorkflowImpl.MAX_EVENTS_SUBSCRIPTION);
    }

    /** The current run (after continue-as-new the id stays, the run changes). */
    GraphSubscriptionWorkflow current() {
        return client.newWorkflowStub(
                GraphSubscriptionWorkflow.class, GraphSubscriptionWorkflow.workflowId(SALESPERSON));
    }

    @Test
    void everyRenewalCycleAlsoResyncsTheSalespersonsBookingsSoALostChangeIsFound() {
        start();
        // the first subscription resyncs once
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        env.sleep(Duration.ofDays(3).plusHours(13));
        verify(activities, times(1)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
        env.sleep(Duration.ofDays(4));
        verify(activities, times(2)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        verify(activities, times(3)).resync(TENANT, SALESPERSON);
    }

    @Test
    void requestsGraphsMaximumForEventsAndRenewsAtAboutHalfOfTheGrantedExpiry() {
        start();
        ArgumentCaptor<Instant> requested = ArgumentCaptor.forClass(Instant.class);
        verify(activities).createSubscription(eq(TENANT), eq(SALESPERSON), any(), requested.capture());
        assertThat(Duration.between(T0, requested.getValue()))
                .isBetween(Duration.ofMinutes(10_080 - 60), Duration.ofMinutes(10_080));
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        Instant expiry = current().state().expiresAt();

        // before half the lifetime (about 3.5 days): no renewal
        env.sleep(Duration.ofDays(3));
        verify(activities, never()).renewSubscription(any(), anyString(), any());

        // past half: renewed once, well before the expiry, for a fresh maximum
        env.sleep(Duration.ofHours(13));
        verify(activities, times(1)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        assertThat(env.currentTimeMillis()).isLessThan(expiry.toEpochMilli());
        assertThat(current().state().expiresAt()).isAfter(expiry);
        assertThat(current().state().subscriptionId()).isEqualTo("sub-1");

        // and again each cycle (continue-as-new in between keeps the history short)
        env.sleep(Duration.ofDays(4));
        verify(activities, times(2)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        verify(activities, times(1)).createSubscription(any(), any(), any(), any());
    }

    @Test
    void recreatesTheSubscriptionAndResyncsWhenRenewalAnswers404() {
        when(activities.renewSubscription(eq(TENANT), eq("sub-1"), any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(
                        "gone", SubscriptionActivities.SUBSCRIPTION_NOT_FOUND));
        start();
        env.sleep(Duration.ofDays(4));
        verify(activities, times(1)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        verify(activities, times(2)).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        // the first create and the recreate each resync: notifications may have been lost in between
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
        assertThat(current().state().subscriptionId()).isEqualTo("sub-2");
    }

    @Test
    void reauthorizationRequiredReauthorizesAndRenewsAtOnce() {
        start();
        current().lifecycle(new LifecycleSignal("sub-1", LifecycleEvent.REAUTHORIZATION_REQUIRED));
        env.sleep(Duration.ofSeconds(5));
        verify(activities).reauthorizeSubscription(TENANT, "sub-1");
        verify(activities).renewSubscription(eq(TENANT), eq("sub-1"), any());
        assertThat(current().state().subscriptionId()).isEqualTo("sub-1");
        // the create's resync and the renewal's; nothing was missed
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
    }

    @Test
    void subscriptionRemovedRecreatesAndResyncs() {
        start();
        current().lifecycle(new LifecycleSignal("sub-1", LifecycleEvent.SUBSCRIPTION_REMOVED));
        env.sleep(Duration.ofSeconds(5));
        verify(activities, times(2)).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
        assertThat(current().state().subscriptionId()).isEqualTo("sub-2");
    }

    @Test
    void missedResyncsWithoutTouchingTheSubscription() {
        start();
        current().lifecycle(new LifecycleSignal("sub-1", LifecycleEvent.MISSED));
        env.sleep(Duration.ofSeconds(5));
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
        verify(activities, times(1)).createSubscription(any(), any(), any(), any());
        verify(activities, never()).renewSubscription(any(), anyString(), any());
    }

    @Test
    void lifecycleEventForAReplacedSubscriptionIsIgnored() {
        start();
        current().lifecycle(new LifecycleSignal("sub-0", LifecycleEvent.SUBSCRIPTION_REMOVED));
        env.sleep(Duration.ofSeconds(5));
        verify(activities, times(1)).createSubscription(any(), any(), any(), any());
    }

    @Test
    void deactivatedSalespersonGetsTheSubscriptionDeletedAndTheWorkflowEnds() {
        start();
        current().salespersonDeactivated();
        WorkflowStub.fromTyped(current()).getResult(Void.class);
        verify(activities).deleteSubscription(TENANT, "sub-1");
    }

    @Test
    void salespersonFoundInactiveAtTheNextCycleStopsTheWorkflow() {
        start();
        when(activities.salespersonActive(TENANT, SALESPERSON)).thenReturn(false);
        env.sleep(Duration.ofDays(4));
        verify(activities).deleteSubscription(TENANT, "sub-1");
        assertThat(current().state().stopped()).isTrue();
    }

    @Test
    void aCreateThatFailsIsRetriedLater() {
        when(activities.createSubscription(eq(TENANT), eq(SALESPERSON), any(), any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(
                        "consent missing", com.salesbooking.workflows.booking.MeetingActivities.NON_RETRYABLE))
                .thenAnswer(a -> new SubscriptionGrant("sub-late", a.getArgument(3)));
        start();
        assertThat(current().state().subscriptionId()).isNull();
        env.sleep(GraphSubscriptionWorkflowImpl.RETRY_LATER.plusMinutes(1));
        assertThat(current().state().subscriptionId()).isEqualTo("sub-late");
    }

    @Test
    void aRunHandedAFreshSubscriptionNeitherCreatesNorResyncsAndRenewsItAtHalfItsRemainingTime() {
        start(new SubscriptionWorkflowInput(
                TENANT, SALESPERSON, "sub-7", T0.plus(Duration.ofDays(4)), List.of(), false));
        verify(activities, never()).createSubscription(any(), any(), any(), any());
        verify(activities, never()).resync(any(), any());
        assertThat(current().state().nextRenewalAt()).isCloseTo(T0.plus(Duration.ofDays(2)), within(1, MINUTES));

        env.sleep(Duration.ofDays(2).plusMinutes(1));
        ArgumentCaptor<Instant> requested = ArgumentCaptor.forClass(Instant.class);
        verify(activities).renewSubscription(eq(TENANT), eq("sub-7"), requested.capture());
        // the renewal asks for Graph's maximum again, counted from the renewal
        assertThat(Duration.between(T0.plus(Duration.ofDays(2)), requested.getValue()))
                .isBetween(
                        GraphSubscriptionWorkflowImpl.MAX_EVENTS_SUBSCRIPTION.minusMinutes(2),
                        GraphSubscriptionWorkflowImpl.MAX_EVENTS_SUBSCRIPTION.plusMinutes(2));
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        verify(activities, never()).createSubscription(any(), any(), any(), any());
    }

    @Test
    void aHandedOverSubscriptionWithLessThanTwoMinutesLeftIsRecreatedAndResyncedNotRenewed() {
        start(new SubscriptionWorkflowInput(
                TENANT, SALESPERSON, "sub-7", T0.plus(Duration.ofSeconds(90)), List.of(), false));
        verify(activities).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        verify(activities, never()).renewSubscription(any(), anyString(), any());
        assertThat(current().state().subscriptionId()).isEqualTo("sub-1");
    }

    @Test
    void aHandedOverSubscriptionWithoutExpiryIsRecreated() {
        start(new SubscriptionWorkflowInput(TENANT, SALESPERSON, "sub-7", null, List.of(), false));
        verify(activities).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        assertThat(current().state().subscriptionId()).isEqualTo("sub-1");
    }

    @Test
    void aStartWithoutAPendingListCreatesTheSubscription() {
        // a start from the Temporal CLI or UI may leave out the list of carried-over signals
        start(new SubscriptionWorkflowInput(TENANT, SALESPERSON, null, null, null, false));
        verify(activities).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        assertThat(current().state().subscriptionId()).isEqualTo("sub-1");
    }

    @Test
    void aRunHandedADeactivationDeletesTheSubscriptionWithoutAskingTheDatabaseAndEnds() {
        start(new SubscriptionWorkflowInput(
                TENANT, SALESPERSON, "sub-7", T0.plus(Duration.ofDays(4)), List.of(), true));
        WorkflowStub.fromTyped(current()).getResult(Void.class);
        verify(activities).deleteSubscription(TENANT, "sub-7");
        verify(activities, never()).salespersonActive(any(), any());
        verify(activities, never()).createSubscription(any(), any(), any(), any());
        assertThat(current().state().stopped()).isTrue();
    }

    @Test
    void aRunHandedAMissedNotificationResyncsAtOnceWithoutTouchingTheSubscription() {
        start(new SubscriptionWorkflowInput(
                TENANT,
                SALESPERSON,
                "sub-7",
                T0.plus(Duration.ofDays(4)),
                List.of(new LifecycleSignal("sub-7", LifecycleEvent.MISSED)),
                false));
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        verify(activities, never()).createSubscription(any(), any(), any(), any());
        verify(activities, never()).renewSubscription(any(), anyString(), any());
    }

    @Test
    void aShortGrantIsRenewedAfterOneMinuteNotAtHalfItsLifetime() {
        // Graph may grant far less than asked for (here 90 s from the moment it answers); renewals never come closer
        // together than MIN_WAIT, where half the lifetime would be 45 s
        AtomicReference<Instant> grantedAt = new AtomicReference<>();
        when(activities.createSubscription(eq(TENANT), eq(SALESPERSON), any(), any()))
                .thenAnswer(a -> {
                    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
                    grantedAt.compareAndSet(null, now);
                    return new SubscriptionGrant("sub-short", now.plusSeconds(90));
                });
        start();
        env.sleep(Duration.ofMinutes(2));
        ArgumentCaptor<Instant> requested = ArgumentCaptor.forClass(Instant.class);
        verify(activities, timeout(10_000).atLeastOnce())
                .renewSubscription(eq(TENANT), eq("sub-short"), requested.capture());
        Instant renewedAt =
                requested.getAllValues().get(0).minus(GraphSubscriptionWorkflowImpl.MAX_EVENTS_SUBSCRIPTION);
        assertThat(Duration.between(grantedAt.get(), renewedAt))
                .isGreaterThanOrEqualTo(GraphSubscriptionWorkflowImpl.MIN_WAIT)
                .isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void lifecycleSignalsWithoutAnEventAreIgnoredAndTheRenewalStillComes() {
        start();
        current().lifecycle(null);
        current().lifecycle(new LifecycleSignal("sub-1", null));
        env.sleep(Duration.ofSeconds(5));
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        verify(activities, times(1)).createSubscription(any(), any(), any(), any());
        verify(activities, never()).renewSubscription(any(), anyString(), any());
        env.sleep(Duration.ofDays(3).plusHours(13));
        verify(activities, times(1)).renewSubscription(eq(TENANT), eq("sub-1"), any());
    }

    @Test
    void aLifecycleSignalWithoutSubscriptionIdIsTakenAsAboutTheCurrentOne() {
        start();
        current().lifecycle(new LifecycleSignal(null, LifecycleEvent.SUBSCRIPTION_REMOVED));
        env.sleep(Duration.ofSeconds(5));
        verify(activities, times(2)).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        assertThat(current().state().subscriptionId()).isEqualTo("sub-2");
    }

    @Test
    void reauthorizationAnswered404RecreatesAndResyncsWithoutRenewing() {
        doThrow(ApplicationFailure.newNonRetryableFailure("gone", SubscriptionActivities.SUBSCRIPTION_NOT_FOUND))
                .when(activities)
                .reauthorizeSubscription(TENANT, "sub-1");
        start();
        current().lifecycle(new LifecycleSignal("sub-1", LifecycleEvent.REAUTHORIZATION_REQUIRED));
        env.sleep(Duration.ofSeconds(5));
        verify(activities, times(2)).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
        verify(activities, never()).renewSubscription(any(), anyString(), any());
        assertThat(current().state().subscriptionId()).isEqualTo("sub-2");
    }

    @Test
    void aFailedReauthorizationKeepsTheSubscriptionAndStillResyncsAMissedNotificationOfTheSameBatch() {
        doThrow(ApplicationFailure.newNonRetryableFailure("graph 403", MeetingActivities.NON_RETRYABLE))
                .when(activities)
                .reauthorizeSubscription(TENANT, "sub-7");
        start(new SubscriptionWorkflowInput(
                TENANT,
                SALESPERSON,
                "sub-7",
                T0.plus(Duration.ofDays(4)),
                List.of(
                        new LifecycleSignal("sub-7", LifecycleEvent.REAUTHORIZATION_REQUIRED),
                        new LifecycleSignal("sub-7", LifecycleEvent.MISSED)),
                false));
        verify(activities).reauthorizeSubscription(TENANT, "sub-7");
        verify(activities, never()).renewSubscription(any(), anyString(), any());
        verify(activities, never()).createSubscription(any(), any(), any(), any());
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        assertThat(current().state().subscriptionId()).isEqualTo("sub-7");
    }

    @Test
    void aSubscriptionRemovedWhoseRecreateFailsIsNotResyncedAndTheCreateIsRetriedLater() {
        when(activities.createSubscription(eq(TENANT), eq(SALESPERSON), any(), any()))
                .thenAnswer(a -> new SubscriptionGrant("sub-1", a.getArgument(3)))
                .thenThrow(
                        ApplicationFailure.newNonRetryableFailure("consent revoked", MeetingActivities.NON_RETRYABLE))
                .thenThrow(
                        ApplicationFailure.newNonRetryableFailure("consent revoked", MeetingActivities.NON_RETRYABLE))
                .thenAnswer(a -> new SubscriptionGrant("sub-back", a.getArgument(3)));
        start();
        current().lifecycle(new LifecycleSignal("sub-1", LifecycleEvent.SUBSCRIPTION_REMOVED));
        env.sleep(Duration.ofSeconds(5));
        // the recreate failed, and so did the next cycle's create: nothing to resync yet, another try in RETRY_LATER
        verify(activities, times(3)).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        assertThat(current().state().subscriptionId()).isNull();
        env.sleep(GraphSubscriptionWorkflowImpl.RETRY_LATER);
        verify(activities, times(4)).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
        assertThat(current().state().subscriptionId()).isEqualTo("sub-back");
    }

    @Test
    void aRenewalRefusedForAnotherReasonKeepsTheSubscriptionAndTriesAgainAtHalfTheRemainingTime() {
        when(activities.renewSubscription(eq(TENANT), eq("sub-1"), any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure("graph 403", MeetingActivities.NON_RETRYABLE))
                .thenAnswer(a -> new SubscriptionGrant("sub-1", a.getArgument(2)));
        start();
        Instant expiry = current().state().expiresAt();
        env.sleep(Duration.ofDays(3).plusHours(13));
        verify(activities, times(1)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        verify(activities, times(1)).createSubscription(any(), any(), any(), any());
        // no resync for a renewal that did not happen
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        GraphSubscriptionWorkflow.SubscriptionState state = current().state();
        assertThat(state.subscriptionId()).isEqualTo("sub-1");
        assertThat(state.expiresAt()).isEqualTo(expiry);
        Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
        assertThat(state.nextRenewalAt()).isBetween(now, expiry);
        env.sleep(Duration.between(now, state.nextRenewalAt()).plusMinutes(1));
        verify(activities, times(2)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        assertThat(current().state().expiresAt()).isAfter(expiry);
    }

    @Test
    void aRenewal404WhoseRecreateFailsIsNotResyncedAndTheCreateIsRetried() {
        when(activities.renewSubscription(eq(TENANT), eq("sub-1"), any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(
                        "gone", SubscriptionActivities.SUBSCRIPTION_NOT_FOUND));
        when(activities.createSubscription(eq(TENANT), eq(SALESPERSON), any(), any()))
                .thenAnswer(a -> new SubscriptionGrant("sub-1", a.getArgument(3)))
                .thenThrow(
                        ApplicationFailure.newNonRetryableFailure("consent revoked", MeetingActivities.NON_RETRYABLE));
        start();
        Instant renewal = current().state().nextRenewalAt();
        // just past the renewal: the recreate and the next cycle's create have failed, the retry is 15 minutes away
        env.sleep(Duration.between(T0, renewal).plusMinutes(1));
        verify(activities, times(1)).renewSubscription(eq(TENANT), eq("sub-1"), any());
        verify(activities, times(3)).createSubscription(eq(TENANT), eq(SALESPERSON), any(), any());
        verify(activities, times(1)).resync(TENANT, SALESPERSON);
        assertThat(current().state().subscriptionId()).isNull();
    }

    @Test
    void aFailedCreateWaitsRetryLaterAndADeactivationMeanwhileStopsAtOnceWithoutDeleting() {
        when(activities.createSubscription(eq(TENANT), eq(SALESPERSON), any(), any()))
                .thenThrow(
                        ApplicationFailure.newNonRetryableFailure("consent missing", MeetingActivities.NON_RETRYABLE));
        GraphSubscriptionWorkflow firstRun = start();
        Instant createdAt = createRequestedAt();
        current().salespersonDeactivated();
        WorkflowStub.fromTyped(current()).getResult(Void.class);
        // stopped at once, not at the next try: the workflow's clock never reached the retry
        assertThat(Instant.ofEpochMilli(env.currentTimeMillis()))
                .isBefore(T0.plus(GraphSubscriptionWorkflowImpl.RETRY_LATER));
        assertThat(sameRun(firstRun).state().nextRenewalAt())
                .isBetween(
                        createdAt.plus(GraphSubscriptionWorkflowImpl.RETRY_LATER),
                        // the workflow's clock runs on (unskipped) while the failing create runs
                        createdAt
                                .plus(GraphSubscriptionWorkflowImpl.RETRY_LATER)
                                .plus(Duration.ofMinutes(2)));
        verify(activities, times(1)).createSubscription(any(), any(), any(), any());
        // no subscription to delete
        verify(activities, never()).deleteSubscription(any(), any());
        assertThat(current().state().stopped()).isTrue();
    }

    @Test
    void aLifecycleSignalReceivedWhileACreateWaitsToBeRetriedIsHandledAfterTheCreate() {
        when(activities.createSubscription(eq(TENANT), eq(SALESPERSON), any(), any()))
                .thenThrow(
                        ApplicationFailure.newNonRetryableFailure("consent missing", MeetingActivities.NON_RETRYABLE))
                .thenAnswer(a -> new SubscriptionGrant("sub-late", a.getArgument(3)));
        start();
        current().lifecycle(new LifecycleSignal(null, LifecycleEvent.MISSED));
        env.sleep(Duration.ofSeconds(5));
        verify(activities, never()).resync(any(), any());
        env.sleep(GraphSubscriptionWorkflowImpl.RETRY_LATER);
        // one resync for the new subscription, one for the missed notification carried over the continue-as-new
        verify(activities, times(2)).resync(TENANT, SALESPERSON);
        assertThat(current().state().subscriptionId()).isEqualTo("sub-late");
    }

    @Test
    void aDeletionThatFailsStillStopsTheWorkflow() {
        doThrow(ApplicationFailure.newNonRetryableFailure("graph 403", MeetingActivities.NON_RETRYABLE))
                .when(activities)
                .deleteSubscription(TENANT, "sub-1");
        start();
        current().salespersonDeactivated();
        WorkflowStub.fromTyped(current()).getResult(Void.class);
        verify(activities).deleteSubscription(TENANT, "sub-1");
        assertThat(current().state().stopped()).isTrue();
    }

    @Test
    void aRunCancelledDuringAReauthorizationEndsCancelledWithoutRecreatingTheSubscription() throws Exception {
        // the reauthorization's failure is then a cancellation, not Graph's 404: nothing is recreated
        CountDownLatch reauthorizing = new CountDownLatch(1);
        CountDownLatch graphAnswers = new CountDownLatch(1);
        try {
            doAnswer(a -> {
                        reauthorizing.countDown();
                        graphAnswers.await(10, TimeUnit.SECONDS);
                        return null;
                    })
                    .when(activities)
                    .reauthorizeSubscription(TENANT, "sub-7");
            WorkflowStub run = WorkflowStub.fromTyped(start(new SubscriptionWorkflowInput(
                    TENANT,
                    SALESPERSON,
                    "sub-7",
                    T0.plus(Duration.ofDays(4)),
                    List.of(new LifecycleSignal("sub-7", LifecycleEvent.REAUTHORIZATION_REQUIRED)),
                    false)));
            assertThat(reauthorizing.await(10, TimeUnit.SECONDS)).isTrue();
            run.cancel();
            assertThatThrownBy(() -> run.getResult(10, TimeUnit.SECONDS, Void.class))
                    .isInstanceOf(WorkflowFailedException.class)
                    .hasCauseInstanceOf(CanceledFailure.class);
            verify(activities, never()).createSubscription(any(), any(), any(), any());
            verify(activities, never()).renewSubscription(any(), anyString(), any());
            verify(activities, never()).deleteSubscription(any(), any());
        } finally {
            graphAnswers.countDown();
        }
    }

    @Test
    void aDeactivationWhileWaitingForTheRenewalStopsAtOnceNotAtTheRenewal() {
        start();
        current().salespersonDeactivated();
        WorkflowStub.fromTyped(current()).getResult(Void.class);
        verify(activities).deleteSubscription(TENANT, "sub-1");
        // the workflow's clock never reached the renewal, about 3.5 days on
        assertThat(Instant.ofEpochMilli(env.currentTimeMillis())).isBefore(T0.plus(Duration.ofDays(1)));
    }
}
