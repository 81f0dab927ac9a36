package com.salesbooking.local.system;

import com.salesbooking.api.booking.BookingWorkflows;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.store.booking.BookingStore;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.worker.BookingWorkers;
import com.salesbooking.workflows.sweeper.SweeperActivities;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The booking lifecycle under faults, over HTTP: keys reused after their lifetime, confirms retried after a 503 or
 * an api crash, holds whose workflow never started, workers that do not answer.
 */
class LifecycleFaultsTest extends SystemTestSupport {

    @Autowired
    BookingStore bookings;

    @Autowired
    TenantDirectory directory;

    @Autowired
    BookingProperties properties;

    @Autowired
    SweeperActivities sweeper;

    @Autowired
    BookingWorkers workers;

    private static String confirmBody(String token) {
        return "{\"token\":\"" + token + "\"}";
    }

    private boolean hasWorkflow(UUID bookingId) {
        try {
            temporal.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(temporal.getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("booking-" + bookingId))
                            .build());
            return true;
        } catch (io.grpc.StatusRuntimeException e) {
            return false;
        }
    }

    @Test
    void aKeyReusedAfterItsLifetimeNeverReturnsOrCancelsTheBookingItMadeBefore() {
        UUID seller = newSalesperson();
        String mailA = email("reuse-a");
        String keyA = key();
        Instant startA = slot(8, 10);
        Response holdA =
                post("/v1/public/acme/holds", keyA, holdBody(seller, startA, startA.plus(Duration.ofHours(1)), mailA));
        assertThat(holdA.status()).as(holdA.body()).isEqualTo(201);
        UUID a = UUID.fromString(holdA.text("booking_id"));
        assertThat(post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + a + "\"}")
                        .status())
                .isEqualTo(200);
        assertThat(post("/v1/public/acme/confirm", key(), confirmBody(tokenFromOutbox(mailA, "/verify")))
                        .status())
                .isEqualTo(200);
        String manageA = tokenFromOutbox(mailA, "/manage");

        // the api forgets keys after 24 h; bookings keep theirs
        skip(Duration.ofHours(25));

        // the same key for another hold: a new booking, never the old one
        Instant other = slot(8, 14);
        Response reused = post(
                "/v1/public/acme/holds",
                keyA,
                holdBody(seller, other, other.plus(Duration.ofHours(1)), email("reuse-b")));
        assertThat(reused.status()).as(reused.body()).isEqualTo(201);
        assertThat(reused.text("booking_id")).isNotEqualTo(a.toString());
        assertThat(status(a)).isEqualTo("confirmed");

        // a key in use by another request (the hold above, within its lifetime) for A's reschedule: refused, A
        // untouched
        Instant later = slot(8, 12);
        String rescheduleBody = "{\"token\":\"%s\",\"new_start_at\":\"%s\",\"new_end_at\":\"%s\"}"
                .formatted(manageA, later, later.plus(Duration.ofHours(1)));
        Response stolen = post("/v1/public/acme/bookings/" + a + "/reschedule", keyA, rescheduleBody);
        assertThat(stolen.status()).as(stolen.body()).isEqualTo(422);
        assertThat(status(a)).isEqualTo("confirmed");

        // a key that was A's own hold's, 24 h later, for A's reschedule: a new booking, A canceled in its favour
        String mailC = email("reuse-c");
        String keyC = key();
        Instant startC = slot(9, 10);
        Response holdC =
                post("/v1/public/acme/holds", keyC, holdBody(seller, startC, startC.plus(Duration.ofHours(1)), mailC));
        UUID c = UUID.fromString(holdC.text("booking_id"));
        post("/v1/public/acme/auth/verify-email", key(), "{\"booking_id\":\"" + c + "\"}");
        assertThat(post("/v1/public/acme/confirm", key(), confirmBody(tokenFromOutbox(mailC, "/verify")))
                        .status())
                .isEqualTo(200);
        skip(Duration.ofHours(25));
        Instant newC = slot(9, 13);
        Response rescheduled = post(
                "/v1/public/acme/bookings/" + c + "/reschedule",
                keyC,
                "{\"token\":\"%s\",\"new_start_at\":\"%s\",\"new_end_at\":\"%s\"}"
                        .formatted(tokenFromOutbox(mailC, "/manage"), newC, newC.plus(Duration.ofHours(1))));
        assertThat(rescheduled.status()).as(rescheduled.body()).isEqualTo(201);
        UUID fresh = UUID.fromString(rescheduled.text("booking_id"));
        assertThat(fresh).isNotEqualTo(c);
        assertThat(status(c)).isEqualTo("canceled");
        assertThat(jdbc.sql("SELECT rescheduled_from_booking_id FROM bookings WHERE id = ?")
                        .param(fresh)
                        .query(UUID.class)
                        .single())
                .isEqualTo(c);
        assertThat(jdbc.sql("SELECT start_at_utc FROM bookings WHERE id = ?")
                        .param(fresh)
                        .query(java.sql.Timestamp.class)
                        .single()
                        .toInstant())
                .isEqualTo(newC);
    }

    /**
     * The scenario: Graph fails 20 times in a row; confirm answers 503 within a minute (it does not hang);
     * once Graph is back, the same request with the same key is confirmed, with one Zoom meeting and one Outlook
     * event for the booking (as the sandbox's own HTTP listing shows them).
     */
    @Test
    void confirmRetriedWithTheSameKeyAfterA503IsConfirmedWithOneMeetingAndOneEvent() throws Exception {
        String mail = email("scenario");
        UUID id = pendingBooking("acme", newSalesperson(), slot(8, 11), mail);
        String token = tokenFromOutbox(mail, "/verify");
        assertThat(post(
                                "/dev/sandbox/faults",
                                null,
                                "{\"provider\":\"graph\",\"operation\":\"createEvent\",\"mode\":\"transient\",\"count\":20}")
                        .status())
                .isEqualTo(200);
        String requestKey = key();

        long began = System.nanoTime();
        Response failed = post("/v1/public/acme/confirm", requestKey, confirmBody(token));
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).isPresent();
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(status(id)).isEqualTo("pending_verify");

        assertThat(get("/dev/sandbox/faults").body()).contains("createEvent");
        Response cleared = send(
                java.net.http.HttpRequest.newBuilder(uri("/dev/sandbox/faults")).DELETE());
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(get("/dev/sandbox/faults").json()).isEmpty();

        Response retried = post("/v1/public/acme/confirm", requestKey, confirmBody(token));
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.text("status")).isEqualTo("confirmed");
        assertThat(status(id)).isEqualTo("confirmed");
        long meetings = java.util.stream.StreamSupport.stream(
                        get("/dev/sandbox/zoom/meetings").json().spliterator(), false)
                .filter(m -> m.get("booking_id").asString().equals(id.toString()))
                .count();
        long events = java.util.stream.StreamSupport.stream(
                        get("/dev/sandbox/graph/events").json().spliterator(), false)
                .filter(e -> e.get("subject").asString().contains(id.toString())
                        && !e.get("cancelled").asBoolean())
                .count();
        assertThat(meetings).isEqualTo(1);
        assertThat(events).isEqualTo(1);
        // and the answer is now stored for the key
        assertThat(post("/v1/public/acme/confirm", requestKey, confirmBody(token))
                        .body())
                .isEqualTo(retried.body());
    }

    @Test
    void confirmRetriedAfterTheApiDiedBeforeStoringTheAnswerGetsTheConfirmedBooking() {
        String mail = email("crash");
        UUID id = pendingBooking("acme", newSalesperson(), slot(8, 15), mail);
        String token = tokenFromOutbox(mail, "/verify");
        String requestKey = key();
        Response first = post("/v1/public/acme/confirm", requestKey, confirmBody(token));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        // the api died after the saga, before completing the key: the row stayed in progress and was abandoned
        jdbc.sql("""
                        UPDATE idempotency_keys SET state = 'in_progress', response_status = NULL, response_body = NULL,
                               created_at = ? WHERE tenant_id = ? AND key = ?""")
                .params(java.sql.Timestamp.from(now().minus(Duration.ofMinutes(3))), ACME, requestKey)
                .update();

        Response retried = post("/v1/public/acme/confirm", requestKey, confirmBody(token));
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.text("status")).isEqualTo("confirmed");
        assertThat(retried.text("booking_id")).isEqualTo(id.toString());
        // another request with the spent link is still told it was used
        Response other = post("/v1/public/acme/confirm", key(), confirmBody(token));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.text("code")).isEqualTo("token_used");
    }

    @Test
    void aHoldWhoseWorkflowNeverStartedIsFoundByItsRetryAndTheSweeperStartsOneForAYoungHold() {
        UUID seller = newSalesperson();
        String mail = email("orphan").toLowerCase();
        Instant start = slot(8, 16);
        String requestKey = key();
        // the api committed the hold, then Temporal failed (or the api died) before the workflow started
        UUID orphan = bookings.createHold(
                        new BookingStore.NewHold(
                                ACME,
                                seller,
                                start,
                                start.plus(Duration.ofHours(1)),
                                mail,
                                "Pat Doe",
                                "Initech",
                                requestKey,
                                now().plus(properties.holdTtl()),
                                null),
                        3)
                .booking()
                .id();
        assertThat(hasWorkflow(orphan)).isFalse();

        Response retried = post(
                "/v1/public/acme/holds", requestKey, holdBody(seller, start, start.plus(Duration.ofHours(1)), mail));
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.text("booking_id")).isEqualTo(orphan.toString());
        assertThat(hasWorkflow(orphan)).isTrue();

        // a customer who never comes back: the sweeper starts the workflow, which then runs the hold (and its TTL)
        Instant other = slot(8, 9);
        UUID young = bookings.createHold(
                        new BookingStore.NewHold(
                                ACME,
                                seller,
                                other,
                                other.plus(Duration.ofHours(1)),
                                email("young").toLowerCase(),
                                "Pat Doe",
                                null,
                                key(),
                                now().plus(properties.holdTtl()),
                                null),
                        3)
                .booking()
                .id();
        skip(Duration.ofMinutes(1));
        assertThat(sweeper.sweepExpiredHolds()).isGreaterThanOrEqualTo(1);
        assertThat(hasWorkflow(young)).isTrue();
        // started as the api starts one: ops find it by its search attributes like any other booking
        assertThat(temporal.getWorkflowClient()
                        .newUntypedWorkflowStub("booking-" + young)
                        .describe()
                        .getTypedSearchAttributes()
                        .get(com.salesbooking.workflows.booking.BookingSearchAttributes.SALESPERSON_ID))
                .isEqualTo(seller.toString());
        skip(properties.holdTtl());
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> status(young).equals("expired"));
    }

    @Test
    void aSweepThatTemporalGaveUpOnStopsAtItsNextHeartbeatInsteadOfRunningBesideTheNextRound() {
        // work for the sweep: a hold whose workflow never started
        UUID seller = newSalesperson();
        Instant start = slot(8, 11);
        bookings.createHold(
                new BookingStore.NewHold(
                        ACME,
                        seller,
                        start,
                        start.plus(Duration.ofHours(1)),
                        email("gave-up").toLowerCase(),
                        "Pat Doe",
                        null,
                        key(),
                        now().plus(properties.holdTtl()),
                        null),
                3);
        skip(Duration.ofMinutes(1));
        io.temporal.testing.TestActivityEnvironment activity =
                io.temporal.testing.TestActivityEnvironment.newInstance();
        try {
            activity.registerActivitiesImplementations(sweeper);
            com.salesbooking.workflows.sweeper.SweeperActivities stub = activity.newActivityStub(
                    com.salesbooking.workflows.sweeper.SweeperActivities.class,
                    io.temporal.activity.ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofMinutes(4))
                            .setHeartbeatTimeout(Duration.ofMinutes(1))
                            .build());
            // Temporal's answer to the sweep's first heartbeat: this attempt is over (timed out, or cancelled)
            activity.requestCancelActivity();
            // the sweep stops there, instead of each step swallowing the news and carrying on
            assertThatThrownBy(stub::sweep).isInstanceOf(io.temporal.failure.CanceledFailure.class);
        } finally {
            activity.close();
        }
    }

    @Test
    void aTemporalThatCannotBeReachedIs503NotA500() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        WorkflowServiceStubs dead = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + deadPort)
                .build());
        try {
            BookingWorkflows unreachable = new BookingWorkflows(
                    WorkflowClient.newInstance(
                            dead,
                            WorkflowClientOptions.newBuilder()
                                    .setNamespace(temporal.getNamespace())
                                    .build()),
                    properties);
            UUID seller = newSalesperson();
            Instant start = slot(8, 13);
            var hold = bookings.createHold(
                            new BookingStore.NewHold(
                                    ACME,
                                    seller,
                                    start,
                                    start.plus(Duration.ofHours(1)),
                                    email("dead").toLowerCase(),
                                    "Pat",
                                    null,
                                    key(),
                                    now().plus(properties.holdTtl()),
                                    null),
                            3)
                    .booking();
            long began = System.nanoTime();
            assertThatThrownBy(
                            () -> unreachable.start(hold, directory.tenant(ACME).orElseThrow()))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                        assertThat(e.retryAfter()).isNotNull();
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
        } finally {
            dead.shutdownNow();
        }
    }

    @Test
    void confirmWithNoWorkerToAcceptItAnswers503WithRetryAfterInsteadOfBlocking() throws Exception {
        String mail = email("noworker");
        UUID id = pendingBooking("acme", newSalesperson(), slot(9, 15), mail);
        String token = tokenFromOutbox(mail, "/verify");
        String requestKey = key();
        var stopped = workers.factory();
        workers.stop();
        stopped.awaitTermination(10, TimeUnit.SECONDS);
        try {
            long began = System.nanoTime();
            Response response = post("/v1/public/acme/confirm", requestKey, confirmBody(token));
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.text("code")).isEqualTo("service_unavailable");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        } finally {
            workers.start();
        }
        // workers back: the same request gets the booking confirmed
        Response retried = post("/v1/public/acme/confirm", requestKey, confirmBody(token));
        if (retried.status() == 503) {
            retried = post("/v1/public/acme/confirm", requestKey, confirmBody(token));
        }
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("confirmed");
    }

    @Test
    void aLostCalendarCreateWhoseUndoCannotLookItUpLeavesALookUpJobThatTheRetrierFinishes() {
        String mail = email("lostundo");
        UUID id = pendingBooking("acme", newSalesperson(), slot(10, 10), mail);
        // every attempt's create reaches Outlook and loses its answer (one event: attempts share a transaction id),
        // and the undo cannot search the calendar for it
        faults.inject("graph", "createEvent", com.salesbooking.providers.sandbox.SandboxFaults.Mode.LOST_ANSWER, 5);
        faults.inject("graph", "findEventIds", com.salesbooking.providers.sandbox.SandboxFaults.Mode.FAIL, 10);
        Response failed = post("/v1/public/acme/confirm", key(), confirmBody(tokenFromOutbox(mail, "/verify")));
        assertThat(failed.status()).as(failed.body()).isEqualTo(503);
        assertThat(liveEvents(id)).isEqualTo(1);
        assertThat(jdbc.sql(
                                "SELECT provider_ref FROM compensation_jobs WHERE booking_id = ? AND kind = 'delete_graph_event' AND status = 'pending'")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("lookup:booking-" + id + "-");

        // Graph recovers; once the hold is over (no confirm can be creating any more), the retrier finds and cancels it
        faults.clear();
        skip(properties.holdTtl().plus(Duration.ofMinutes(3)));
        sweeper.retryCompensations();
        assertThat(liveEvents(id)).isZero();
        assertThat(jdbc.sql("SELECT status FROM compensation_jobs WHERE booking_id = ? AND kind = 'delete_graph_event'")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("done");
    }

    private long liveEvents(UUID bookingId) {
        return graph.events().stream()
                .filter(e -> e.subject().contains(bookingId.toString()) && !e.cancelled())
                .count();
    }

    private String eventId(UUID bookingId) {
        return jdbc.sql("SELECT event_id FROM graph_events WHERE booking_id = ?")
                .param(bookingId)
                .query(String.class)
                .single();
    }

    /** A webhook job row as the event workflow left it. */
    private UUID jobRow(UUID salesperson, String eventId, String status, String outcome, Duration ago) {
        UUID jobId = UUID.randomUUID();
        java.sql.Timestamp at = java.sql.Timestamp.from(now().minus(ago));
        jdbc.sql("""
                        INSERT INTO webhook_jobs (id, tenant_id, salesperson_id, subscription_id, change_type, resource_id, resource,
                                                  received_at_utc, status, attempts, created_at_utc, outcome, updated_at_utc)
                        VALUES (?, ?, ?, 'sub-test', 'deleted', ?, ?, ?, ?, 1, ?, ?, ?)""")
                .params(jobId, ACME, salesperson, eventId, "Users/x/Events/" + eventId, at, status, at, outcome, at)
                .update();
        return jobId;
    }

    @Test
    void anOutlookDeleteThatArrivedDuringTheConfirmSagaIsExaminedAgainOnceTheBookingIsConfirmed() {
        UUID seller = newSalesperson();
        UUID id = confirmedBooking(seller, slot(10, 13), email("sagadelete"));
        String eventId = eventId(id);
        // the salesperson deleted the event while the saga ran: the job saw a booking not confirmed yet and ignored it
        graph.deleteBySalesperson(eventId, false);
        UUID ignored = jobRow(seller, eventId, "done", "ignore: booking is pending_verify", Duration.ofMinutes(2));

        assertThat(sweeper.redispatchQueuedWebhookJobs()).isGreaterThanOrEqualTo(1);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> status(id).equals("canceled"));
        assertThat(jdbc.sql("SELECT requeued_as FROM webhook_jobs WHERE id = ?")
                        .param(ignored)
                        .query(UUID.class)
                        .single())
                .isNotNull();
        // examined once: the next sweep requeues nothing more for it
        sweeper.redispatchQueuedWebhookJobs();
        assertThat(count("SELECT count(*) FROM webhook_jobs WHERE resource_id = ?", eventId))
                .isEqualTo(2);
    }

    @Test
    void aWebhookJobThatFailedAfterItsRetriesIsRequeuedByTheSweeper() {
        UUID seller = newSalesperson();
        UUID id = confirmedBooking(seller, slot(10, 15), email("failedjob"));
        String eventId = eventId(id);
        graph.deleteBySalesperson(eventId, false);
        // Graph failed for a quarter of an hour while the job ran: marked failed
        jobRow(seller, eventId, "failed", "failed: ProviderRetryable", Duration.ofMinutes(20));

        assertThat(sweeper.redispatchQueuedWebhookJobs()).isGreaterThanOrEqualTo(1);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> status(id).equals("canceled"));
    }

    private long manageMails(String mail) {
        return mailbox.outbox(mail).stream()
                .filter(m -> m.links().stream().anyMatch(l -> l.contains("/manage?token=")))
                .count();
    }

    @Test
    void aConfirmationEmailThatFailedIsSentLaterAndTheCustomerCanAskForItAgain() {
        String mail = email("resend");
        UUID id = pendingBooking("acme", newSalesperson(), slot(10, 11), mail);
        String token = tokenFromOutbox(mail, "/verify");
        // the mail provider fails every attempt of the confirmation email: the booking stands, the email is owed
        faults.inject("mail", "sendMail", com.salesbooking.providers.sandbox.SandboxFaults.Mode.TRANSIENT, 4);
        Response confirmed = post("/v1/public/acme/confirm", key(), confirmBody(token));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(manageMails(mail)).isZero();

        // the sweeper delivers it once the activity's own tries are over
        skip(Duration.ofMinutes(6));
        sweeper.retryCompensations();
        assertThat(manageMails(mail)).isEqualTo(1);
        sweeper.retryCompensations();
        assertThat(manageMails(mail)).as("sent once").isEqualTo(1);

        // the customer lost it anyway: three resends an hour, each delivered by the next sweep
        for (int i = 1; i <= 3; i++) {
            Response resend = post("/v1/public/acme/bookings/" + id + "/resend", key(), "");
            assertThat(resend.status()).as(resend.body()).isEqualTo(202);
            sweeper.retryCompensations();
            assertThat(manageMails(mail)).isEqualTo(1 + i);
        }
        Response limited = post("/v1/public/acme/bookings/" + id + "/resend", key(), "");
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.text("code")).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        // a booking that is not confirmed has nothing to resend
        UUID pending = pendingBooking("acme", newSalesperson(), slot(10, 9), email("resend-pending"));
        assertThat(post("/v1/public/acme/bookings/" + pending + "/resend", key(), "")
                        .status())
                .isEqualTo(409);
    }
}
