package com.salesbooking.local.webhook;

import com.salesbooking.local.system.SendsInvalidRequests;
import com.salesbooking.local.system.SystemTestSupport;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.platform.metrics.BookingMetrics;
import com.salesbooking.providers.sandbox.SandboxMeetingProvider;
import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.SubscriptionWorkflowLauncher;
import com.salesbooking.store.webhook.WebhookJob;
import com.salesbooking.store.webhook.WebhookJobs;
import com.salesbooking.workflows.sweeper.SweeperActivities;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.serviceclient.StatusUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graph webhooks end to end: the real api over HTTP, PostgreSQL, the workflows and the sandbox providers. Outlook
 * edits go through {@code /dev/sandbox/graph/...}, whose notifier posts Graph-shaped notifications to the webhook;
 * extra deliveries are posted like Graph's documented samples. Every test has its own salesperson and subscription.
 */
class GraphWebhookSystemTest extends SystemTestSupport {

    @Autowired
    SweeperActivities sweeper;

    @Autowired
    SubscriptionWorkflowLauncher launcher;

    @Autowired
    GraphSubscriptions subscriptions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    BookingProperties properties;

    @Autowired
    Clock clock;

    @Autowired
    BookingMetrics metrics;

    /** A salesperson of this test alone, whose subscription workflow has created their Graph subscription. */
    UUID seller;

    /** A stored subscription, secret included (the test plays Graph). */
    record Sub(String id, String clientState) {}

    /**
     * A new salesperson with a running subscription workflow, started the way workers and the sweeper start one
     * (salespersons created by a test did not exist when the workers started).
     */
    @BeforeEach
    void subscribedSalesperson() {
        seller = newSalesperson();
        assertThat(launcher.start(new GraphSubscriptions.SalespersonRef(ACME, seller)))
                .isTrue();
        subscription();
    }

    @Test
    void aSalespersonAddedWhileTheWorkersRunIsSubscribedByTheNextSweep() {
        UUID added = newSalesperson();
        assertThat(subscriptions.activeSalespersonsWithoutLiveSubscription(now()))
                .extracting(r -> r.salespersonId())
                .contains(added)
                .doesNotContain(seller);

        assertThat(sweeper.startMissingSubscriptionWorkflows()).isPositive();

        awaitTrue(
                () -> count(
                                "SELECT count(*) FROM graph_subscriptions WHERE salesperson_id = ? AND status = 'active'",
                                added)
                        > 0,
                "the added salesperson's workflow created their subscription");
        assertThat(subscriptions.activeSalespersonsWithoutLiveSubscription(now()))
                .extracting(r -> r.salespersonId())
                .doesNotContain(added);
        // a second sweep keeps the running workflow instead of starting another
        sweeper.startMissingSubscriptionWorkflows();
        assertThat(count("SELECT count(*) FROM graph_subscriptions WHERE salesperson_id = ?", added))
                .isEqualTo(1);
    }

    String sellerMail() {
        return "seller-" + seller + "@example.test";
    }

    Sub subscription() {
        awaitTrue(
                () -> count(
                                "SELECT count(*) FROM graph_subscriptions WHERE salesperson_id = ? AND status = 'active'",
                                seller)
                        > 0,
                "the subscription workflow created the subscription");
        return jdbc.sql("""
                        SELECT id, client_state FROM graph_subscriptions WHERE salesperson_id = ? AND status = 'active'
                         ORDER BY created_at DESC LIMIT 1""")
                .param(seller)
                .query((rs, i) -> new Sub(rs.getString(1), rs.getString(2)))
                .single();
    }

    UUID booked(Instant start, String email) {
        return confirmedBooking(seller, start, email);
    }

    String notification(Sub sub, String clientState, String changeType, String eventId) {
        return notification(sub, clientState, changeType, eventId, "DwAAABYAAAA");
    }

    /** A change notification as Graph sends it, with the event's change key at that moment in its etag. */
    String notification(Sub sub, String clientState, String changeType, String eventId, String changeKey) {
        String resource = "Users/" + sellerMail() + "/Events/" + eventId;
        return """
                {"subscriptionId":"%s","subscriptionExpirationDateTime":"2027-03-08T07:45:00.0000000Z","clientState":"%s",
                 "changeType":"%s","resource":"%s",
                 "resourceData":{"@odata.type":"#Microsoft.Graph.Event","@odata.id":"%s","@odata.etag":"W/\\"%s\\"","id":"%s"},
                 "tenantId":"acme-m365-tenant"}""".formatted(sub.id(), clientState, changeType, resource, resource, changeKey, eventId);
    }

    String lifecycle(Sub sub, String clientState, String event) {
        return """
                {"value":[{"subscriptionId":"%s","subscriptionExpirationDateTime":"2027-03-08T07:45:00.0000000Z",
                 "tenantId":"acme-m365-tenant","clientState":"%s","lifecycleEvent":"%s","resource":"users/%s/events"}]}""".formatted(sub.id(), clientState, event, sellerMail());
    }

    static String batch(String... notifications) {
        return "{\"value\":[" + String.join(",", notifications) + "]}";
    }

    Response postRaw(String pathAndQuery, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    String eventId(UUID bookingId) {
        return jdbc.sql("SELECT event_id FROM graph_events WHERE booking_id = ?")
                .param(bookingId)
                .query(String.class)
                .single();
    }

    Instant start(UUID bookingId) {
        return jdbc.sql("SELECT start_at_utc FROM bookings WHERE id = ?")
                .param(bookingId)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    int audits(UUID bookingId, String action) {
        return count(
                "SELECT count(*) FROM audit_logs WHERE target_id = ? AND action = ?",
                bookingId.toString(),
                "booking." + action);
    }

    int jobs(String eventId, String status) {
        return count("SELECT count(*) FROM webhook_jobs WHERE resource_id = ? AND status = ?", eventId, status);
    }

    double rejected(String reason) {
        Counter c = meters.find("booking.webhook.notifications")
                .tag("outcome", "rejected")
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** Asynchronous effects (the hand-off after 202, workflow signals): a poll bounded by {@link #PATIENCE}. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    @Test
    void validationHandshakeEchoesTheUrlDecodedTokenAsPlainTextOnBothEndpoints() {
        int jobsBefore = count("SELECT count(*) FROM webhook_jobs");
        for (String path : List.of("/v1/webhooks/graph", "/v1/webhooks/graph/lifecycle")) {
            Response r = postRaw(path + "?validationToken=a%2Bb%20c%3Dd", "text/plain", "");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("text/plain");
            assertThat(r.body()).isEqualTo("a+b c=d");
        }
        assertThat(count("SELECT count(*) FROM webhook_jobs")).isEqualTo(jobsBefore);
    }

    @Test
    @SendsInvalidRequests
    void malformedBodyIs400ProblemJson() {
        for (String body : List.of("not json", "{\"nothing\":1}", "{\"value\":[1]}")) {
            Response r = postRaw("/v1/webhooks/graph", "application/json", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.text("code")).isEqualTo("invalid_request");
        }
    }

    @Test
    void wrongClientStateAndUnknownSubscriptionAreDroppedCountedAndNeverProcessed() {
        Sub sub = subscription();
        String eventId = "AAMk-not-processed-" + UUID.randomUUID();
        double mismatchBefore = rejected("client_state_mismatch");
        double unknownBefore = rejected("unknown_subscription");

        Response wrong = postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(notification(sub, "not-the-secret", "updated", eventId)));
        Response unknown = postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(notification(
                        new Sub(UUID.randomUUID().toString(), sub.clientState()),
                        sub.clientState(),
                        "updated",
                        eventId)));
        Response wrongLifecycle = postRaw(
                "/v1/webhooks/graph/lifecycle",
                "application/json",
                lifecycle(sub, "not-the-secret", "subscriptionRemoved"));

        // the same answer as for a good notification: a prober learns nothing
        assertThat(List.of(wrong.status(), unknown.status(), wrongLifecycle.status()))
                .containsOnly(202);
        assertThat(count("SELECT count(*) FROM webhook_jobs WHERE resource_id = ?", eventId))
                .isZero();
        assertThat(rejected("client_state_mismatch") - mismatchBefore).isEqualTo(2);
        assertThat(rejected("unknown_subscription") - unknownBefore).isEqualTo(1);
        assertThat(subscription().id()).isEqualTo(sub.id());
    }

    @Test
    void deletedEventCancelsTheBookingBySalespersonDeletesZoomAndEmailsTheCustomer() {
        subscription();
        String email = "wh-delete-" + UUID.randomUUID() + "@example.com";
        UUID id = booked(slot(3, 10), email);
        int mailsBefore = mailbox.outbox(email).size();

        Response deleted = send(HttpRequest.newBuilder(uri("/dev/sandbox/graph/events/" + eventId(id)))
                .DELETE());
        assertThat(deleted.status()).isEqualTo(204);

        awaitTrue(() -> status(id).equals("canceled"), "the booking is canceled");
        assertThat(jdbc.sql("SELECT cancel_reason || '/' || canceled_by FROM bookings WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("outlook_deleted/salesperson");
        awaitTrue(
                () -> zoom.meetings().stream().noneMatch(m -> id.toString().equals(m.bookingId())),
                "the Zoom meeting is deleted");
        awaitTrue(() -> mailbox.outbox(email).size() == mailsBefore + 1, "the customer is emailed");
    }

    @Test
    void eventMovedIntoAFreeIntervalMovesTheBookingAndZoomAndEmailsTheCustomer() {
        subscription();
        String email = "wh-move-" + UUID.randomUUID() + "@example.com";
        UUID id = booked(slot(4, 10), email);
        int mailsBefore = mailbox.outbox(email).size();
        Instant newStart = slot(4, 14);

        Response moved = post(
                "/dev/sandbox/graph/events/" + eventId(id) + "/move",
                null,
                "{\"start_at\":\"%s\",\"end_at\":\"%s\"}".formatted(newStart, newStart.plus(Duration.ofHours(1))));
        assertThat(moved.status()).isEqualTo(200);

        awaitTrue(() -> start(id).equals(newStart), "the booking follows the event");
        assertThat(status(id)).isEqualTo("confirmed");
        awaitTrue(
                () -> zoom.meetings().stream()
                        .filter(m -> id.toString().equals(m.bookingId()))
                        .map(SandboxMeetingProvider.SandboxMeeting::startUtc)
                        .anyMatch(newStart::equals),
                "the Zoom meeting follows");
        awaitTrue(() -> mailbox.outbox(email).size() == mailsBefore + 1, "the customer is emailed");
        // the new time moved the cancel deadline: the email carries a fresh manage link, minted for the new times
        assertThat(manageLinkExpiry(email, "has a new time")).isEqualTo(newStart.plus(Duration.ofHours(1)));
        // the change key we acted on is recorded, so a repeat of this change is recognised
        awaitTrue(
                () -> moved.text("change_key")
                        .equals(jdbc.sql("SELECT etag FROM graph_events WHERE booking_id = ?")
                                .param(id)
                                .query(String.class)
                                .single()),
                "the new change key is recorded");
        assertThat(audits(id, "moved_by_salesperson")).isEqualTo(1);
    }

    /** The expiry of the manage link in the customer's newest email whose subject contains {@code subject}. */
    private Instant manageLinkExpiry(String email, String subject) {
        var mail = mailbox.outbox(email).stream()
                .filter(m -> m.subject().contains(subject))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no email " + subject));
        String link = mail.links().stream()
                .filter(l -> l.contains("/manage?token="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no manage link in " + subject));
        String token = java.net.URLDecoder.decode(
                link.substring(link.indexOf("token=") + "token=".length()), java.nio.charset.StandardCharsets.UTF_8);
        String claims = new String(
                java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        var exp = java.util.regex.Pattern.compile("\"exp\":(\\d+)").matcher(claims);
        assertThat(exp.find()).as("exp claim").isTrue();
        return Instant.ofEpochSecond(Long.parseLong(exp.group(1)));
    }

    @Test
    void eventMovedIntoATakenIntervalKeepsTheBookingAuditsTheConflictAndEmailsTheSalesperson() {
        subscription();
        String email = "wh-conflict-" + UUID.randomUUID() + "@example.com";
        Instant originalStart = slot(5, 10);
        UUID id = booked(originalStart, email);
        Instant takenStart = slot(5, 14);
        booked(takenStart, "wh-other-" + UUID.randomUUID() + "@example.com");
        int salespersonMailsBefore = mailbox.outbox(sellerMail()).size();
        int customerMailsBefore = mailbox.outbox(email).size();

        post(
                "/dev/sandbox/graph/events/" + eventId(id) + "/move",
                null,
                "{\"start_at\":\"%s\",\"end_at\":\"%s\"}".formatted(takenStart, takenStart.plus(Duration.ofHours(1))));

        awaitTrue(() -> audits(id, "move_conflict") == 1, "the conflict is audited");
        awaitTrue(
                () -> mailbox.outbox(sellerMail()).size() == salespersonMailsBefore + 1, "the salesperson is emailed");
        assertThat(start(id)).isEqualTo(originalStart);
        assertThat(status(id)).isEqualTo("confirmed");
        assertThat(mailbox.outbox(email)).hasSize(customerMailsBefore);
    }

    @Test
    void createdAndUpdatedPairForOurOwnNewEventChangesNothing() {
        Sub sub = subscription();
        UUID id = booked(slot(6, 10), "wh-pair-" + UUID.randomUUID() + "@example.com");
        String eventId = eventId(id);
        int auditsBefore = count("SELECT count(*) FROM audit_logs WHERE target_id = ?", id.toString());

        Response r = postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(
                        notification(sub, sub.clientState(), "created", eventId),
                        notification(sub, sub.clientState(), "updated", eventId)));
        assertThat(r.status()).isEqualTo(202);

        awaitTrue(() -> jobs(eventId, "done") == 2, "both jobs are done");
        assertThat(jdbc.sql("SELECT outcome FROM webhook_jobs WHERE resource_id = ?")
                        .param(eventId)
                        .query(String.class)
                        .list())
                .allMatch(o -> o.startsWith("ignore"));
        assertThat(count("SELECT count(*) FROM audit_logs WHERE target_id = ?", id.toString()))
                .isEqualTo(auditsBefore);
        assertThat(status(id)).isEqualTo("confirmed");
    }

    @Test
    void echoesOfOurOwnCreateAreDroppedBeforeTheyCostAJobOrAWorkflow() {
        Sub sub = subscription();
        UUID id = booked(slot(6, 14), "wh-echo-" + UUID.randomUUID() + "@example.com");
        String eventId = eventId(id);
        String recorded = jdbc.sql("SELECT etag FROM graph_events WHERE booking_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(recorded)
                .as("the confirm saga records the created event's change key")
                .isNotBlank();

        // Graph's echo of our create: created, then updated, both carrying the change key we recorded
        Response echo = postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(
                        notification(sub, sub.clientState(), "created", eventId, recorded),
                        notification(sub, sub.clientState(), "updated", eventId, recorded)));
        assertThat(echo.status()).isEqualTo(202);
        // jobs are stored before the 202: none was, so no event workflow starts for them
        assertThat(count("SELECT count(*) FROM webhook_jobs WHERE resource_id = ?", eventId))
                .isZero();

        // a change key we have not recorded is the salesperson's edit: a job, as always
        Response edit = postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(notification(sub, sub.clientState(), "updated", eventId, recorded + "-edited")));
        assertThat(edit.status()).isEqualTo(202);
        // and a deletion is never an echo, whatever key it carries
        Response deletion = postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(notification(sub, sub.clientState(), "deleted", eventId, recorded)));
        assertThat(deletion.status()).isEqualTo(202);
        assertThat(count("SELECT count(*) FROM webhook_jobs WHERE resource_id = ?", eventId))
                .isEqualTo(2);
    }

    @Test
    void threeUpdatesForOneEditMoveTheBookingOnceAndEmailOnce() {
        Sub sub = subscription();
        String email = "wh-three-" + UUID.randomUUID() + "@example.com";
        UUID id = booked(slot(9, 10), email);
        String eventId = eventId(id);
        int mailsBefore = mailbox.outbox(email).size();
        Instant newStart = slot(9, 15);

        // the salesperson's drag: the sandbox delivers one notification, Graph's habit of repeating adds two more
        post(
                "/dev/sandbox/graph/events/" + eventId + "/move",
                null,
                "{\"start_at\":\"%s\",\"end_at\":\"%s\"}".formatted(newStart, newStart.plus(Duration.ofHours(1))));
        postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(notification(sub, sub.clientState(), "updated", eventId)));
        postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(notification(sub, sub.clientState(), "updated", eventId)));

        awaitTrue(() -> jobs(eventId, "done") == 3, "all three jobs are done");
        awaitTrue(() -> start(id).equals(newStart), "the booking follows the event");
        awaitTrue(() -> mailbox.outbox(email).size() == mailsBefore + 1, "the customer is emailed");
        assertThat(audits(id, "moved_by_salesperson")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT outcome FROM webhook_jobs WHERE resource_id = ? ORDER BY updated_at_utc")
                        .param(eventId)
                        .query(String.class)
                        .list())
                .filteredOn(o -> o.startsWith("moved"))
                .hasSize(1);
        // no second email arrives later
        assertThat(mailbox.outbox(email)).hasSize(mailsBefore + 1);
    }

    @Test
    void anEditThatKeepsTheTimesIsAuditedOnly() {
        subscription();
        Instant kept = slot(9, 13);
        UUID id = booked(kept, "wh-edit-" + UUID.randomUUID() + "@example.com");
        String eventId = eventId(id);

        // same times, new change key: what a subject or body edit looks like to us
        post(
                "/dev/sandbox/graph/events/" + eventId + "/move",
                null,
                "{\"start_at\":\"%s\",\"end_at\":\"%s\"}".formatted(kept, kept.plus(Duration.ofHours(1))));

        awaitTrue(() -> audits(id, "outlook_edited") == 1, "the edit is audited");
        assertThat(status(id)).isEqualTo("confirmed");
        assertThat(start(id)).isEqualTo(kept);
        assertThat(audits(id, "moved_by_salesperson")).isZero();
    }

    @Test
    void aCrashBetween202AndDispatchIsRecoveredByTheSweeper() {
        Sub sub = subscription();
        String email = "wh-crash-" + UUID.randomUUID() + "@example.com";
        UUID id = booked(slot(10, 10), email);
        String eventId = eventId(id);
        Instant newStart = slot(10, 15);

        // the salesperson's edit, whose notification the api stored as a job before its 202...
        graph.moveBySalesperson(eventId, newStart, newStart.plus(Duration.ofHours(1)), false);
        // ...and the row the api stored before its 202 was never handed over: the process died right after
        UUID jobId = UUID.randomUUID();
        Instant received = now().minus(Duration.ofMinutes(5));
        jdbc.sql("""
                        INSERT INTO webhook_jobs (id, tenant_id, salesperson_id, subscription_id, change_type, resource_id, resource,
                                                  received_at_utc, status, attempts, created_at_utc)
                        VALUES (?, ?, ?, ?, 'updated', ?, ?, ?, 'queued', 0, ?)""")
                .params(
                        jobId,
                        ACME,
                        seller,
                        sub.id(),
                        eventId,
                        "Users/" + sellerMail() + "/Events/" + eventId,
                        Timestamp.from(received),
                        Timestamp.from(received))
                .update();

        assertThat(sweeper.redispatchQueuedWebhookJobs()).isGreaterThanOrEqualTo(1);

        awaitTrue(
                () -> "done"
                        .equals(jdbc.sql("SELECT status FROM webhook_jobs WHERE id = ?")
                                .param(jobId)
                                .query(String.class)
                                .single()),
                "the job is processed");
        awaitTrue(() -> start(id).equals(newStart), "the booking follows the event");
    }

    @Test
    void missedLifecycleNotificationResyncsAndAppliesThePolicy() {
        Sub sub = subscription();
        String email = "wh-missed-" + UUID.randomUUID() + "@example.com";
        UUID id = booked(slot(11, 10), email);

        // the deletion's notification never reaches us (Graph could not deliver it)
        graph.deleteBySalesperson(eventId(id), false);
        assertThat(status(id)).isEqualTo("confirmed");

        Response r = postRaw(
                "/v1/webhooks/graph/lifecycle", "application/json", lifecycle(sub, sub.clientState(), "missed"));
        assertThat(r.status()).isEqualTo(202);

        awaitTrue(
                () -> status(id).equals("canceled"), "the resync found the deleted event and the booking is canceled");
        assertThat(count(
                        "SELECT count(*) FROM webhook_jobs WHERE resource_id = ? AND change_type = 'resync'",
                        eventId(id)))
                .isEqualTo(1);
    }

    @Test
    void reauthorizationRequiredRenewsTheSubscriptionAtOnce() {
        Sub sub = subscription();
        Timestamp before = jdbc.sql("SELECT updated_at FROM graph_subscriptions WHERE id = ?")
                .param(sub.id())
                .query(Timestamp.class)
                .single();

        Response r = postRaw(
                "/v1/webhooks/graph/lifecycle",
                "application/json",
                lifecycle(sub, sub.clientState(), "reauthorizationRequired"));
        assertThat(r.status()).isEqualTo(202);

        awaitTrue(
                () -> jdbc.sql("SELECT updated_at FROM graph_subscriptions WHERE id = ?")
                        .param(sub.id())
                        .query(Timestamp.class)
                        .single()
                        .after(before),
                "the subscription is renewed");
        assertThat(subscription().id()).isEqualTo(sub.id());
    }

    @Test
    void subscriptionRemovedRecreatesTheSubscriptionWithAFreshSecret() {
        Sub sub = subscription();

        Response r = postRaw(
                "/v1/webhooks/graph/lifecycle",
                "application/json",
                lifecycle(sub, sub.clientState(), "subscriptionRemoved"));
        assertThat(r.status()).isEqualTo(202);

        awaitTrue(() -> !subscription().id().equals(sub.id()), "a new subscription replaces the removed one");
        Sub replacement = subscription();
        assertThat(replacement.clientState()).isNotEqualTo(sub.clientState());
        assertThat(jdbc.sql("SELECT status FROM graph_subscriptions WHERE id = ?")
                        .param(sub.id())
                        .query(String.class)
                        .single())
                .isEqualTo("removed");
        // notifications for the removed subscription are no longer taken
        double before = rejected("inactive_subscription");
        postRaw(
                "/v1/webhooks/graph",
                "application/json",
                batch(notification(sub, sub.clientState(), "updated", "AAMk-x")));
        assertThat(rejected("inactive_subscription") - before).isEqualTo(1);
    }

    /**
     * Two jobs of one event handed over at the same moment: one signal-with-start starts the event's workflow, the
     * other is told "already started" (what the Java test server answers to the loser of that race). The loser must
     * hand its job to the running workflow at once, not leave it queued for the sweeper's next round.
     */
    @Test
    void aJobWhoseSignalWithStartLosesTheRaceToAnotherJobOfTheEventIsHandedOverAtOnce() {
        Sub sub = subscription();
        String eventId = "race-" + UUID.randomUUID();
        Instant received = now();
        WebhookJob winner =
                new WebhookJob(UUID.randomUUID(), ACME, seller, sub.id(), "updated", eventId, null, received, 0);
        WebhookJob loser =
                new WebhookJob(UUID.randomUUID(), ACME, seller, sub.id(), "updated", eventId, null, received, 0);
        java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
        // the winner's signal-with-start runs inside the loser's call, then the loser gets the server's answer
        WorkflowClientCallsInterceptorFactory race = next -> new WorkflowClientCallsInterceptorBase(next) {
            @Override
            public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
                if (raced.compareAndSet(false, true)) {
                    WorkflowSignalWithStartOutput won = super.signalWithStart(new WorkflowSignalWithStartInput(
                            input.getWorkflowStartInput(), input.getSignalName(), new Object[] {winner.jobId()}));
                    throw StatusUtils.newException(
                            Status.ALREADY_EXISTS.withDescription("WorkflowId: "
                                    + input.getWorkflowStartInput().getWorkflowId()),
                            WorkflowExecutionAlreadyStartedFailure.newBuilder()
                                    .setRunId(won.getWorkflowStartOutput()
                                            .getWorkflowExecution()
                                            .getRunId())
                                    .build(),
                            WorkflowExecutionAlreadyStartedFailure.getDescriptor());
                }
                return super.signalWithStart(input);
            }
        };
        WorkflowClient racingClient = WorkflowClient.newInstance(
                temporal.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder(temporal.getWorkflowClient().getOptions())
                        .setInterceptors(new WorkflowClientInterceptorBase() {
                            @Override
                            public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
                                    WorkflowClientCallsInterceptor next) {
                                return race.wrap(next);
                            }
                        })
                        .build());
        WebhookJobs jobs = new WebhookJobs(jdbc, transactions, racingClient, properties, clock, metrics);
        jobs.enqueue(List.of(winner, loser));

        assertThat(jobs.dispatch(loser)).as("the loser's job is handed over").isTrue();

        assertThat(raced).isTrue();
        awaitTrue(() -> jobs(eventId, "done") == 2, "both jobs are done");
    }

    @Test
    void aBatchLargerThanGraphSendsIsRefusedWith413AndNothingIsWritten() {
        Sub sub = subscription();
        int jobsBefore = count("SELECT count(*) FROM webhook_jobs");
        String[] notifications = new String[101];
        for (int i = 0; i < notifications.length; i++) {
            notifications[i] = notification(sub, sub.clientState(), "updated", "big-" + i);
        }

        Response r = postRaw("/v1/webhooks/graph", "application/json", batch(notifications));

        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.text("code")).isEqualTo("payload_too_large");
        assertThat(count("SELECT count(*) FROM webhook_jobs")).isEqualTo(jobsBefore);
    }

    /**
     * A forged batch of a hundred notifications for unknown subscriptions, one of them with a 40 KB id ending in CR LF:
     * one WARN line for the request (not one per notification), no forged line, no attacker text beyond a shortened
     * GUID, and the rejections counted in the metric all the same.
     */
    @Test
    void aForgedBatchCostsOneLogLineWithoutTheAttackersTextAndCountsEveryRejection() {
        double unknownBefore = rejected("unknown_subscription");
        StringBuilder forged = new StringBuilder();
        for (int i = 0; i < 99; i++) {
            forged.append("""
                    {"subscriptionId":"%s","clientState":"x","changeType":"updated","resource":"r","resourceData":{"id":"e"}},""".formatted(UUID.randomUUID()));
        }
        String longId = "forged\\r\\n2027-03-01 WARN fake line " + "A".repeat(40_000) + "\\r\\n";
        forged.append("""
                {"subscriptionId":"%s","clientState":"x","changeType":"updated","resource":"r","resourceData":{"id":"e"}}""".formatted(longId));
        ch.qos.logback.classic.Logger intakeLog = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("com.salesbooking.api.webhook.WebhookIntake");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        intakeLog.addAppender(lines);
        try {
            Response r = postRaw("/v1/webhooks/graph", "application/json", "{\"value\":[" + forged + "]}");

            assertThat(r.status()).as(r.body()).isEqualTo(202);
        } finally {
            intakeLog.detachAppender(lines);
        }
        assertThat(lines.list).as("log lines for the request").hasSize(1);
        String line = lines.list.get(0).getFormattedMessage();
        assertThat(line)
                .contains("100 of 100")
                .doesNotContain("\r", "\n", "fake line", "AAAA")
                .hasSizeLessThan(300);
        assertThat(rejected("unknown_subscription") - unknownBefore).isEqualTo(100);
    }

    /** Wraps the client's calls (an interceptor per test). */
    interface WorkflowClientCallsInterceptorFactory {
        WorkflowClientCallsInterceptor wrap(WorkflowClientCallsInterceptor next);
    }
}
