package com.salesbooking.local.ops;

import com.salesbooking.local.system.SystemTestSupport;
import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.SubscriptionWorkflowLauncher;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bill per booking: Temporal Cloud's billable actions of each booking path, counted from the recorded histories of
 * every workflow the path touched (its booking workflow, and for an Outlook move the event workflow of the Graph
 * notification). A change that raises a count fails here; lower it here on purpose when a change saves actions.
 * <p>
 * Counted as Temporal Cloud bills them (README, "The bill per booking"): a workflow start (api start, continue-as-new),
 * every activity scheduled and every retry of one, a timer started, a signal received, an Update accepted, a search
 * attribute upsert, a memo change, a side-effect or local-activity marker. Not counted: version markers, workflow
 * tasks, and what leaves no history event: Updates refused by their validator and queries (both billed, both rare).
 */
class BillableActionsTest extends SystemTestSupport {

    @Autowired
    SubscriptionWorkflowLauncher launcher;

    @Test
    void eachBookingPathCostsTheActionsItCostsToday() {
        UUID seller = newSalesperson();
        assertThat(launcher.start(new GraphSubscriptions.SalespersonRef(ACME, seller)))
                .isTrue();
        await("the subscription")
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "SELECT count(*) FROM graph_subscriptions WHERE salesperson_id = ? AND status = 'active'",
                                seller)
                        > 0);

        Map<String, Map<String, Integer>> bill = new TreeMap<>();

        // expired: hold, verification email, TTL
        String expiredMail = email("bill-expired");
        UUID expired = pendingBooking("acme", seller, slot(3, 9), expiredMail);
        skip(Duration.ofMinutes(11));
        await("expired")
                .atMost(Duration.ofSeconds(30))
                .until(() -> status(expired).equals("expired") && settled("booking-" + expired));
        bill.put("expired hold", actions("booking-" + expired));

        // canceled: hold, verification, confirm, customer cancel
        String canceledMail = email("bill-canceled");
        UUID canceled = confirmedBooking(seller, slot(3, 11), canceledMail);
        Response cancel = post(
                "/v1/public/acme/bookings/" + canceled + "/cancel",
                key(),
                "{\"token\":\"" + tokenFromOutbox(canceledMail, "/manage") + "\"}");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        await("canceled")
                .atMost(Duration.ofSeconds(30))
                .until(() -> status(canceled).equals("canceled") && settled("booking-" + canceled));
        bill.put("canceled", actions("booking-" + canceled));

        // rescheduled: the old booking (confirmed, then canceled by the reschedule); the new one is a new hold
        String rescheduledMail = email("bill-rescheduled");
        UUID rescheduled = confirmedBooking(seller, slot(3, 13), rescheduledMail);
        Instant newStart = slot(4, 9);
        Response reschedule = post(
                "/v1/public/acme/bookings/" + rescheduled + "/reschedule",
                key(),
                "{\"token\":\"" + tokenFromOutbox(rescheduledMail, "/manage") + "\",\"new_start_at\":\"" + newStart
                        + "\",\"new_end_at\":\"" + newStart.plus(Duration.ofHours(1)) + "\"}");
        assertThat(reschedule.status()).as(reschedule.body()).isEqualTo(201);
        await("rescheduled")
                .atMost(Duration.ofSeconds(30))
                .until(() -> status(rescheduled).equals("canceled") && settled("booking-" + rescheduled));
        bill.put("rescheduled (old booking)", actions("booking-" + rescheduled));

        // moved: confirmed, then the salesperson drags the event in Outlook (booking workflow + the event workflow)
        String movedMail = email("bill-moved");
        UUID moved = confirmedBooking(seller, slot(4, 11), movedMail);
        String eventId = jdbc.sql("SELECT event_id FROM graph_events WHERE booking_id = ?")
                .param(moved)
                .query(String.class)
                .single();
        Instant movedTo = slot(4, 15);
        Response move = post(
                "/dev/sandbox/graph/events/" + eventId + "/move",
                null,
                "{\"start_at\":\"%s\",\"end_at\":\"%s\"}".formatted(movedTo, movedTo.plus(Duration.ofHours(1))));
        assertThat(move.status()).isEqualTo(200);
        await("moved")
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "SELECT count(*) FROM audit_logs WHERE target_id = ? AND action = 'booking.moved_by_salesperson'",
                                moved.toString())
                        == 1);
        for (String workflowId : workflowIds()) {
            if (workflowId.startsWith("graph-event-") && workflowId.contains(eventId)) {
                await("the event workflow settles")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> settled(workflowId));
            }
        }
        await("the booking settles").atMost(Duration.ofSeconds(30)).until(() -> settled("booking-" + moved));
        Map<String, Integer> movedBill = new TreeMap<>(actions("booking-" + moved));
        for (String workflowId : workflowIds()) {
            if (workflowId.startsWith("graph-event-") && workflowId.contains(eventId)) {
                actions(workflowId).forEach((k, v) -> movedBill.merge("event workflow: " + k, v, Integer::sum));
            }
        }
        bill.put("moved (until the move is applied)", movedBill);

        // confirmed: hold, verification, confirm, then the meeting passes and the attendance window closes
        String confirmedMail = email("bill-confirmed");
        UUID confirmed = confirmedBooking(seller, slot(5, 9), confirmedMail);
        skip(Duration.between(now(), slot(5, 9)).plus(Duration.ofDays(31)));
        await("completed").atMost(Duration.ofSeconds(60)).until(() -> closed(confirmed));
        bill.put("confirmed (to completion)", actions("booking-" + confirmed));

        bill.forEach((path, actions) -> System.out.printf("BILL %-36s %3d %s%n", path, total(actions), actions));
        assertThat(bill).isEqualTo(EXPECTED);
        assertThat(bill.values().stream().map(BillableActionsTest::total).toList())
                .as("totals, in path order")
                .containsExactly(22, 17, 8, 27, 22);
    }

    /**
     * Today's bill, path by path. Common to every path: the api's start (1, carrying the hold's search attributes and
     * memo); the verify-email Update (1) with its two activities (PrepareVerification, SendVerificationEmail); the hold
     * TTL timer (1); a search attribute upsert per status change after the hold; a memo upsert only when
     * customerMayChange or the slot changes (BookingWorkflowImpl.LEAN_UPSERTS).
     */
    static final Map<String, Map<String, Integer>> EXPECTED = new TreeMap<>(Map.of(
            // 8 = start 1 + verify Update 1 + its 2 activities + TTL timer 1 + ExpireHold 1
            //      + search attributes 2: pending_verify, expired (the memo never changes)
            "expired hold",
                    Map.of(
                            "start",
                            1,
                            "update requestVerification",
                            1,
                            "activity PrepareVerification",
                            1,
                            "activity SendVerificationEmail",
                            1,
                            "timer",
                            1,
                            "activity ExpireHold",
                            1,
                            "search attributes",
                            2),
            // 17 = start 1 + verify 3 + confirm Update 1 + the saga's 5 activities (CheckConfirmable,
            //      CreateZoomMeeting, CreateCalendarEvent, FinalizeConfirmation, SendConfirmationEmail) + 3 timers
            //      (hold TTL, cancel deadline, the meeting's end) + search attributes 2 (pending_verify, confirmed)
            //      + memo 2 (customerMayChange true at the confirm, false at the deadline)
            "confirmed (to completion)",
                    Map.ofEntries(
                            Map.entry("start", 1),
                            Map.entry("update requestVerification", 1),
                            Map.entry("activity PrepareVerification", 1),
                            Map.entry("activity SendVerificationEmail", 1),
                            Map.entry("update confirm", 1),
                            Map.entry("activity CheckConfirmable", 1),
                            Map.entry("activity CreateZoomMeeting", 1),
                            Map.entry("activity CreateCalendarEvent", 1),
                            Map.entry("activity FinalizeConfirmation", 1),
                            Map.entry("activity SendConfirmationEmail", 1),
                            Map.entry("timer", 3),
                            Map.entry("search attributes", 2),
                            Map.entry("memo", 2)),
            // 22 = the confirmed path up to the confirm (start, verify 3, confirm 6, 2 timers: TTL and the cancel
            //      deadline, cancelled by the cancel) + cancel Update 1 + MarkCanceled, CancelCalendarEvent,
            //      DeleteZoomMeeting, SendCancellationEmail + search attributes 3 (pending_verify, confirmed,
            //      canceled) + memo 2 (customerMayChange true, then false)
            "canceled", canceledBill(),
            // a reschedule cancels the old booking exactly like a customer cancel (the new booking is a new hold)
            "rescheduled (old booking)", canceledBill(),
            // 27 = confirmed up to the confirm (start 1, verify 3, confirm 6, 3 timers) + the salespersonMovedEvent
            //      signal 1 + MoveBooking, UpdateZoomMeetingTime, SendRescheduledBySalespersonEmail + search
            //      attributes 3 (pending_verify, confirmed, the new start) + memo 2 (customerMayChange at the
            //      confirm, the new slot) + the event workflow: signal-with-start (start 1 + jobQueued 1), InspectJob,
            //      CompleteJob, the signal it sends the booking 1
            "moved (until the move is applied)",
                    Map.ofEntries(
                            Map.entry("start", 1),
                            Map.entry("update requestVerification", 1),
                            Map.entry("activity PrepareVerification", 1),
                            Map.entry("activity SendVerificationEmail", 1),
                            Map.entry("update confirm", 1),
                            Map.entry("activity CheckConfirmable", 1),
                            Map.entry("activity CreateZoomMeeting", 1),
                            Map.entry("activity CreateCalendarEvent", 1),
                            Map.entry("activity FinalizeConfirmation", 1),
                            Map.entry("activity SendConfirmationEmail", 1),
                            Map.entry("timer", 3),
                            Map.entry("signal salespersonMovedEvent", 1),
                            Map.entry("activity MoveBooking", 1),
                            Map.entry("activity UpdateZoomMeetingTime", 1),
                            Map.entry("activity SendRescheduledBySalespersonEmail", 1),
                            Map.entry("search attributes", 3),
                            Map.entry("memo", 2),
                            Map.entry("event workflow: start", 1),
                            Map.entry("event workflow: signal jobQueued", 1),
                            Map.entry("event workflow: activity InspectJob", 1),
                            Map.entry("event workflow: activity CompleteJob", 1),
                            Map.entry("event workflow: signal sent", 1))));

    static Map<String, Integer> canceledBill() {
        return Map.ofEntries(
                Map.entry("start", 1),
                Map.entry("update requestVerification", 1),
                Map.entry("activity PrepareVerification", 1),
                Map.entry("activity SendVerificationEmail", 1),
                Map.entry("update confirm", 1),
                Map.entry("activity CheckConfirmable", 1),
                Map.entry("activity CreateZoomMeeting", 1),
                Map.entry("activity CreateCalendarEvent", 1),
                Map.entry("activity FinalizeConfirmation", 1),
                Map.entry("activity SendConfirmationEmail", 1),
                Map.entry("timer", 2),
                Map.entry("update cancel", 1),
                Map.entry("activity MarkCanceled", 1),
                Map.entry("activity CancelCalendarEvent", 1),
                Map.entry("activity DeleteZoomMeeting", 1),
                Map.entry("activity SendCancellationEmail", 1),
                Map.entry("search attributes", 3),
                Map.entry("memo", 2));
    }

    static int total(Map<String, Integer> actions) {
        return actions.values().stream().mapToInt(Integer::intValue).sum();
    }

    private boolean closed(UUID bookingId) {
        return temporal.getWorkflowClient()
                .fetchHistory("booking-" + bookingId)
                .getLastEvent()
                .getEventType()
                .name()
                .matches(
                        "EVENT_TYPE_WORKFLOW_EXECUTION_(COMPLETED|FAILED|CANCELED|TERMINATED|CONTINUED_AS_NEW|TIMED_OUT)");
    }

    /** Closed, or waiting (on a timer or a message) with nothing in flight: its actions so far are all it will take. */
    private boolean settled(String workflowId) {
        var history = temporal.getWorkflowClient().fetchHistory(workflowId);
        String last = history.getLastEvent().getEventType().name();
        if (last.matches(
                "EVENT_TYPE_WORKFLOW_EXECUTION_(COMPLETED|FAILED|CANCELED|TERMINATED|CONTINUED_AS_NEW|TIMED_OUT)")) {
            return true;
        }
        var description = temporal.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace(temporal.getNamespace())
                                .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                        .setWorkflowId(workflowId))
                                .build());
        return description.getPendingActivitiesCount() == 0
                && !description.hasPendingWorkflowTask()
                && (last.equals("EVENT_TYPE_WORKFLOW_TASK_COMPLETED") || last.equals("EVENT_TYPE_TIMER_STARTED"));
    }

    private List<String> workflowIds() {
        var service = temporal.getWorkflowServiceStubs().blockingStub();
        List<String> ids = new ArrayList<>();
        service.listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(temporal.getNamespace())
                        .build())
                .getExecutionsList()
                .forEach(e -> ids.add(e.getExecution().getWorkflowId()));
        service.listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(temporal.getNamespace())
                        .build())
                .getExecutionsList()
                .forEach(e -> ids.add(e.getExecution().getWorkflowId()));
        return ids.stream().distinct().toList();
    }

    /** The billable actions of one workflow's current run, by kind. */
    private Map<String, Integer> actions(String workflowId) {
        Map<String, Integer> actions = new TreeMap<>();
        for (HistoryEvent e :
                temporal.getWorkflowClient().fetchHistory(workflowId).getEvents()) {
            String kind = switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> "start";
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
                    "activity "
                            + e.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName();
                case EVENT_TYPE_TIMER_STARTED -> "timer";
                case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED ->
                    "signal " + e.getWorkflowExecutionSignaledEventAttributes().getSignalName();
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED ->
                    "update "
                            + e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                                    .getAcceptedRequest()
                                    .getInput()
                                    .getName();
                case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> "search attributes";
                case EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED -> "memo";
                case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> "child start";
                case EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED -> "signal sent";
                case EVENT_TYPE_MARKER_RECORDED ->
                    e.getMarkerRecordedEventAttributes().getMarkerName().equals("Version")
                            ? null
                            : "marker " + e.getMarkerRecordedEventAttributes().getMarkerName();
                default -> null;
            };
            if (kind != null) {
                actions.merge(kind, 1, Integer::sum);
            }
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                    && e.getActivityTaskStartedEventAttributes().getAttempt() > 1) {
                actions.merge(
                        "activity retry",
                        e.getActivityTaskStartedEventAttributes().getAttempt() - 1,
                        Integer::sum);
            }
        }
        return actions;
    }
}
