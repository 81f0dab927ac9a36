package com.salesbooking.local.system;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.providers.calendar.CalendarProvider;
import com.salesbooking.providers.meeting.MeetingProvider;
import com.salesbooking.providers.sandbox.SandboxFaults;
import com.salesbooking.providers.sandbox.SandboxMeetingProvider;
import com.salesbooking.worker.BookingWorkers;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The confirm saga against the sandbox providers: concurrency, compensation, a worker restart, the race for a slot. */
class ConfirmSagaTest extends SystemTestSupport {

    @Autowired
    BookingWorkers workers;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    com.salesbooking.platform.BookingProperties properties;

    @Autowired
    com.salesbooking.worker.HostedWorkflows hosted;

    @Autowired
    com.salesbooking.workflows.sweeper.SweeperActivities sweeper;

    private String confirmBody(String token) {
        return "{\"token\":\"" + token + "\"}";
    }

    /** {@code booking_provider_unseen_creates_total{provider, resolution}} now. */
    private double unseenCreates(String provider, String resolution) {
        return meters.get(com.salesbooking.platform.metrics.BookingMetrics.UNSEEN_CREATES)
                .tag("provider", provider)
                .tag("resolution", resolution)
                .counter()
                .count();
    }

    /** One confirm with a fresh Idempotency-Key. */
    private Response confirm(String token) {
        return post("/v1/public/acme/confirm", key(), confirmBody(token));
    }

    private boolean hasZoomMeeting(UUID bookingId) {
        return zoom.meetings().stream().anyMatch(m -> m.bookingId().equals(bookingId.toString()));
    }

    @Test
    void twoConfirmsAtOnceRunOneSagaAndGetTheSameAnswer() throws Exception {
        PendingBooking booking = pendingWithVerifyToken("twice", slot(8, 10));
        UUID id = booking.id();
        String token = booking.verifyToken();
        int zoomBefore = zoom.createCalls();
        int graphBefore = graph.createCalls();
        // a slow Zoom keeps the first saga open while the second confirm arrives
        faults.delay("zoom", "createMeeting", Duration.ofSeconds(2));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> confirm(token));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> confirm(token));
        Response a = first.get();
        Response b = second.get();
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(b.status()).as(b.body()).isEqualTo(200);
        assertThat(a.body()).isEqualTo(b.body());
        assertThat(zoom.createCalls() - zoomBefore).isEqualTo(1);
        assertThat(graph.createCalls() - graphBefore).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tracking_events WHERE booking_id = ? AND type = 'confirmed'", id))
                .isEqualTo(1);
    }

    @Test
    void graphFailingAfterZoomDeletesTheMeetingKeepsPendingVerifyAndALaterConfirmSucceeds() {
        PendingBooking booking = pendingWithVerifyToken("compensate", slot(8, 13));
        UUID id = booking.id();
        String token = booking.verifyToken();
        faults.inject("graph", "createEvent", SandboxFaults.Mode.FAIL, 1);

        Response failed = confirm(token);
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(failed.text("code")).isEqualTo("provider_unavailable");
        assertThat(status(id)).isEqualTo("pending_verify");
        assertThat(hasZoomMeeting(id)).isFalse();
        assertThat(count("SELECT count(*) FROM meetings WHERE booking_id = ?", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM compensation_jobs WHERE booking_id = ?", id))
                .isZero();

        Response retried = confirm(token);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("confirmed");
        assertThat(hasZoomMeeting(id)).isTrue();
    }

    @Test
    void aZoomMeetingWhoseAnswerWasLostIsFoundByTheRetryNotCreatedTwice() {
        PendingBooking booking = pendingWithVerifyToken("lostzoom", slot(8, 16));
        UUID id = booking.id();
        int zoomBefore = zoom.createCalls();
        int findsBefore = zoom.findCalls();
        double adoptedBefore = unseenCreates("zoom", "adopted");
        // Zoom creates the meeting, the answer never arrives (a read time-out): the activity is retried
        faults.inject("zoom", "createMeeting", SandboxFaults.Mode.LOST_ANSWER, 1);

        Response confirmed = confirm(booking.verifyToken());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(zoom.createCalls() - zoomBefore).isEqualTo(1);
        assertThat(zoom.findCalls() - findsBefore).as("only the retry looks").isEqualTo(1);
        assertThat(unseenCreates("zoom", "adopted") - adoptedBefore).isEqualTo(1);
        List<String> atZoom = zoom.meetings().stream()
                .filter(m -> m.bookingId().equals(id.toString()))
                .map(SandboxMeetingProvider.SandboxMeeting::id)
                .toList();
        assertThat(atZoom).hasSize(1);
        assertThat(jdbc.sql("SELECT provider_meeting_id FROM meetings WHERE booking_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo(atZoom.get(0));
    }

    @Test
    void theRetryNeverAdoptsAMeetingThatACompensationIsDeleting() {
        PendingBooking booking = pendingWithVerifyToken("notadopted", slot(10, 10));
        UUID id = booking.id();
        String token = booking.verifyToken();
        // first confirm: Graph refuses, and the compensating Zoom delete fails too: that meeting stays at Zoom,
        // recorded for deletion
        faults.inject("graph", "createEvent", SandboxFaults.Mode.FAIL, 1);
        faults.inject("zoom", "deleteMeeting", SandboxFaults.Mode.FAIL, 10);
        assertThat(confirm(token).status()).isEqualTo(503);
        String beingDeleted = jdbc.sql("SELECT provider_ref FROM compensation_jobs WHERE booking_id = ?")
                .param(id)
                .query(String.class)
                .single();
        // second confirm: the new meeting's answer is lost, so the retry looks and finds two meetings of the booking
        faults.inject("zoom", "createMeeting", SandboxFaults.Mode.LOST_ANSWER, 1);

        Response confirmed = confirm(token);

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        String kept = jdbc.sql("SELECT provider_meeting_id FROM meetings WHERE booking_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(kept).isNotEqualTo(beingDeleted);
        assertThat(zoom.meetings().stream()
                        .filter(m -> m.bookingId().equals(id.toString()))
                        .map(m -> m.id()))
                .containsExactlyInAnyOrder(kept, beingDeleted);
    }

    @Test
    void undoingAZoomStepThatStoredNothingDeletesTheMeetingZoomMadeUnseen() {
        PendingBooking booking = pendingWithVerifyToken("unseen", slot(10, 11));
        UUID id = booking.id();
        // Zoom holds a meeting of this booking that was never stored: a create whose answer was lost on the create
        // activity's last attempt; this confirm's own create is refused, so the saga undoes the Zoom step
        zoom.createMeeting(
                new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme"),
                new MeetingProvider.MeetingRequest(
                        id.toString(),
                        "Meeting with Acme (booking " + id + ")",
                        "",
                        slot(10, 11),
                        Duration.ofHours(1),
                        java.time.ZoneId.of("Europe/Berlin"),
                        null));
        faults.inject("zoom", "createMeeting", SandboxFaults.Mode.FAIL, 1);
        double undoneBefore = unseenCreates("zoom", "undone");

        Response failed = confirm(booking.verifyToken());

        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(status(id)).isEqualTo("pending_verify");
        assertThat(hasZoomMeeting(id)).as("the unseen meeting is gone").isFalse();
        assertThat(unseenCreates("zoom", "undone") - undoneBefore).isEqualTo(1);
    }

    @Test
    void undoingACalendarStepThatStoredNothingCancelsTheEventGraphMadeUnseen() {
        UUID seller = newSalesperson();
        String mail = email("unseenevent");
        Instant start = slot(10, 12);
        UUID id = pendingBooking("acme", seller, start, mail);
        // the salesperson's calendar holds an event of this booking that was never stored: a create whose answer
        // was lost on the create activity's last attempt; this confirm's own create is refused, so the saga undoes
        String organizer = jdbc.sql("SELECT graph_user_id FROM salespersons WHERE id = ?")
                .param(seller)
                .query(String.class)
                .single();
        graph.createEvent(
                new ProviderTenant(UUID.randomUUID(), "acme", "entra-acme"),
                new CalendarProvider.EventRequest(
                        organizer,
                        "booking-" + id + "-1",
                        "Meeting",
                        "",
                        "",
                        start,
                        start.plus(Duration.ofHours(1)),
                        java.time.ZoneId.of("Europe/Berlin"),
                        mail,
                        null,
                        false));
        int cancelsBefore = graph.cancelCalls();
        double graphUndoneBefore = unseenCreates("graph", "undone");
        faults.inject("graph", "createEvent", SandboxFaults.Mode.FAIL, 1);

        Response failed = confirm(tokenFromOutbox(mail, "/verify"));

        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(status(id)).isEqualTo("pending_verify");
        assertThat(graph.cancelCalls() - cancelsBefore)
                .as("the customer is told the unseen invitation is off")
                .isEqualTo(1);
        assertThat(unseenCreates("graph", "undone") - graphUndoneBefore).isEqualTo(1);
        assertThat(graph.events().stream().filter(e -> e.transactionId().startsWith("booking-" + id)))
                .isEmpty();
    }

    @Test
    void aGraphEventWhoseAnswerWasLostIsNotCreatedTwice() {
        PendingBooking booking = pendingWithVerifyToken("lostgraph", slot(10, 9));
        UUID id = booking.id();
        int graphBefore = graph.createCalls();
        faults.inject("graph", "createEvent", SandboxFaults.Mode.LOST_ANSWER, 1);

        Response confirmed = confirm(booking.verifyToken());

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        // the retry carries the same transactionId, which Graph answers with the event it already made
        assertThat(graph.createCalls() - graphBefore).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM graph_events WHERE booking_id = ?", id))
                .isEqualTo(1);
    }

    @Test
    void aLostAnswerCannotBeArmedForAnOperationThatCreatesNothing() {
        Response refused = post(
                "/dev/sandbox/faults",
                null,
                "{\"provider\":\"zoom\",\"operation\":\"deleteMeeting\",\"mode\":\"lost_answer\",\"count\":1}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("invalid_request");
    }

    @Test
    void aFailingCompensatingDeleteLeavesACompensationRecord() {
        PendingBooking booking = pendingWithVerifyToken("leftover", slot(8, 15));
        UUID id = booking.id();
        faults.inject("graph", "createEvent", SandboxFaults.Mode.FAIL, 1);
        faults.inject("zoom", "deleteMeeting", SandboxFaults.Mode.FAIL, 10);

        Response failed = confirm(booking.verifyToken());
        assertThat(failed.status()).isEqualTo(503);
        assertThat(status(id)).isEqualTo("pending_verify");
        assertThat(jdbc.sql("SELECT kind FROM compensation_jobs WHERE booking_id = ? AND status = 'pending'")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("delete_zoom_meeting");
        // the meeting that could not be deleted is still at Zoom: that is what the record is for
        assertThat(hasZoomMeeting(id)).isTrue();

        // Zoom recovers; the sweeper's retry finishes the job once its back-off (2 minutes) has passed
        faults.clear();
        assertThat(sweeper.retryCompensations()).isZero();
        skip(Duration.ofMinutes(3));
        // the sweeper workflow's own round may have done it already during the skip; either way it is done now
        sweeper.retryCompensations();
        assertThat(hasZoomMeeting(id)).isFalse();
        assertThat(jdbc.sql("SELECT status FROM compensation_jobs WHERE booking_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("done");
    }

    @Test
    void aWorkerRestartedInTheMiddleOfTheSagaConfirmsExactlyOnce() throws Exception {
        PendingBooking booking = pendingWithVerifyToken("restart", slot(9, 10));
        UUID id = booking.id();
        String token = booking.verifyToken();
        int zoomBefore = zoom.createCalls();
        int graphBefore = graph.createCalls();
        // a slow Zoom holds the saga at its first step while the worker goes away
        faults.delay("zoom", "createMeeting", Duration.ofSeconds(3));
        String requestKey = key();
        CompletableFuture<Response> confirm =
                CompletableFuture.supplyAsync(() -> post("/v1/public/acme/confirm", requestKey, confirmBody(token)));
        awaitCallInDelay();

        // the worker stops mid-saga (its running Zoom call may finish, nothing else runs on it); a new worker with
        // its own client and no cached workflow state takes the task queue over and must rebuild the saga from the
        // history alone
        WorkerFactory stopped = workers.factory();
        workers.stop();
        stopped.awaitTermination(10, TimeUnit.SECONDS);
        assertThat(stopped.isTerminated()).isTrue();
        faults.delay("zoom", "createMeeting", Duration.ZERO);
        BookingWorkers replacement = replacementWorkers();
        replacement.start();
        try {
            Response response = outcome(confirm, requestKey, token);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.text("status")).isEqualTo("confirmed");
        } finally {
            replacement.stop();
            workers.start();
        }
        assertThat(status(id)).as(historyOf(id).toString()).isEqualTo("confirmed");
        // the replacement replayed the history: Zoom and Graph were each called once, the transition recorded once
        assertThat(zoom.createCalls() - zoomBefore).isEqualTo(1);
        assertThat(graph.createCalls() - graphBefore).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM meetings WHERE booking_id = ?", id))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tracking_events WHERE booking_id = ? AND type = 'confirmed'", id))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE target_id = ? AND action = 'booking.confirmed'",
                        id.toString()))
                .isEqualTo(1);
        // and it was the replacement that finished it
        assertThat(historyEvents(id).stream()
                        .filter(e -> e.hasWorkflowTaskStartedEventAttributes())
                        .map(e -> e.getWorkflowTaskStartedEventAttributes().getIdentity()))
                .contains(REPLACEMENT_IDENTITY);
    }

    @Test
    void aWorkerKilledWhileZoomRunsLeavesTheRetryToTheReplacementAndConfirmsExactlyOnce() throws Exception {
        // the context's worker steps aside for one whose connection the test can sever, as a killed process's ends
        workers.stop();
        SeverableConnection connection = new SeverableConnection();
        WorkflowServiceStubs doomedStubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setChannel(temporal.getWorkflowServiceStubs().getRawChannel())
                .setGrpcClientInterceptors(List.of(new NoStickyWorkflowTasks(), connection))
                .build());
        BookingWorkers doomed = workersOn(doomedStubs, "doomed-worker");
        doomed.start();
        BookingWorkers replacement = replacementWorkers();
        try {
            PendingBooking booking = pendingWithVerifyToken("killed", slot(9, 11));
            UUID id = booking.id();
            String token = booking.verifyToken();
            int zoomBefore = zoom.createCalls();
            // long enough for the test to sever the connection while Zoom is still working, even on a busy machine
            faults.delay("zoom", "createMeeting", Duration.ofSeconds(3));
            String requestKey = key();
            CompletableFuture<Response> confirm = CompletableFuture.supplyAsync(
                    () -> post("/v1/public/acme/confirm", requestKey, confirmBody(token)));
            awaitCallInDelay();

            // the process dies while Zoom works: Zoom finishes creating, the result never reaches Temporal
            connection.sever();
            awaitQuickly("Zoom finishing the dead worker's call", () -> zoom.createCalls() != zoomBefore);
            assertThat(zoom.createCalls() - zoomBefore)
                    .as("Zoom got the dead worker's call")
                    .isEqualTo(1);
            faults.delay("zoom", "createMeeting", Duration.ZERO);
            doomed.factory().shutdownNow();
            doomed.factory().awaitTermination(10, TimeUnit.SECONDS);

            replacement.start();
            // Temporal learns of the death by the activity's start-to-close time-out (30 s) and retries it on the
            // replacement; the test server never skips time while an activity runs, so these 30 s are real ones
            // (the api waits 45 s for an update before answering 503)
            Response response = outcome(confirm, requestKey, token);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(status(id)).isEqualTo("confirmed");
            assertThat(zoom.createCalls() - zoomBefore)
                    .as("no second Zoom meeting")
                    .isEqualTo(1);
            assertThat(zoom.meetings().stream().filter(m -> m.bookingId().equals(id.toString())))
                    .hasSize(1);
            assertThat(count("SELECT count(*) FROM tracking_events WHERE booking_id = ? AND type = 'confirmed'", id))
                    .isEqualTo(1);
            // the dead worker's attempt never reported: the replacement's retry (attempt 2) is what the history has
            var history = historyEvents(id);
            long zoomScheduled = history.stream()
                    .filter(e -> e.hasActivityTaskScheduledEventAttributes()
                            && e.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName()
                                    .equals("CreateZoomMeeting"))
                    .map(e -> e.getEventId())
                    .findFirst()
                    .orElseThrow();
            var zoomStarted = history.stream()
                    .filter(e -> e.hasActivityTaskStartedEventAttributes()
                            && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == zoomScheduled)
                    .map(e -> e.getActivityTaskStartedEventAttributes())
                    .findFirst()
                    .orElseThrow();
            assertThat(zoomStarted.getAttempt()).isEqualTo(2);
            assertThat(zoomStarted.getIdentity()).isEqualTo(REPLACEMENT_IDENTITY);
        } finally {
            doomed.factory().shutdownNow();
            replacement.stop();
            doomedStubs.shutdownNow();
            workers.start();
        }
    }

    /** A booking of a new salesperson of acme, held and verification-mailed: its id and the verify link's token. */
    private record PendingBooking(UUID id, String verifyToken) {}

    private PendingBooking pendingWithVerifyToken(String tag, Instant start) {
        String mail = email(tag);
        UUID id = pendingBooking("acme", newSalesperson(), start, mail);
        return new PendingBooking(id, tokenFromOutbox(mail, "/verify"));
    }

    private static final String REPLACEMENT_IDENTITY = "replacement-worker";

    private void awaitCallInDelay() {
        awaitQuickly("the saga reaching Zoom", () -> faults.callsInDelay() > 0);
    }

    /** Polls every millisecond (the test acts inside a provider's 3 s delay), for at most 20 s. */
    private static void awaitQuickly(String what, java.util.concurrent.Callable<Boolean> condition) {
        await(what)
                .atMost(Duration.ofSeconds(20))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                .until(condition);
    }

    /** A second worker process, as a restarted container would start it: its own Temporal client, no cache. */
    private BookingWorkers replacementWorkers() {
        return workersOn(temporal.getWorkflowServiceStubs(), REPLACEMENT_IDENTITY);
    }

    private BookingWorkers workersOn(WorkflowServiceStubs stubs, String identity) {
        WorkflowClient client = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(temporal.getNamespace())
                        .setIdentity(identity)
                        .build());
        return new BookingWorkers(
                client,
                properties,
                hosted,
                new com.salesbooking.platform.metrics.BookingMetrics(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                Duration.ofHours(6));
    }

    /** The confirm's answer; if the api stopped waiting (503), the same request again gets the saga's outcome. */
    private Response outcome(CompletableFuture<Response> confirm, String requestKey, String token) throws Exception {
        Response response = confirm.get(60, TimeUnit.SECONDS);
        return response.status() == 503 ? post("/v1/public/acme/confirm", requestKey, confirmBody(token)) : response;
    }

    private List<io.temporal.api.history.v1.HistoryEvent> historyEvents(UUID bookingId) {
        return temporal.getWorkflowClient()
                .fetchHistory("booking-" + bookingId)
                .getHistory()
                .getEventsList();
    }

    /** The booking workflow's event types, for failure messages. */
    private List<String> historyOf(UUID bookingId) {
        return historyEvents(bookingId).stream()
                .map(e -> e.getEventType().name().replace("EVENT_TYPE_", ""))
                .toList();
    }

    @Test
    void twoHundredConcurrentHoldsOnOneSlotGiveExactlyOne201AndNo5xx() throws Exception {
        UUID seller = newSalesperson();
        Instant start = slot(9, 14);
        String body = holdBody(seller, start, start.plus(Duration.ofHours(1)), "%s");
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String requestBody = body.formatted(email("race" + i));
                calls.add(CompletableFuture.supplyAsync(
                        () -> post("/v1/public/acme/holds", key(), requestBody).status(), pool));
            }
            Map<Integer, Long> statuses = calls.stream()
                    .map(CompletableFuture::join)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(statuses).containsEntry(201, 1L).containsEntry(409, 199L).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM bookings WHERE salesperson_id = ?", seller))
                .isEqualTo(1);
    }
}
