package com.salesbooking.workflows.webhook;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Processes the webhook jobs of one Outlook event, one after the other. Jobs arrive as signals through
 * signal-with-start (from the api right after its 202, or from the sweeper), so all deliveries of one change
 * (created+updated, three updates for one drag) are serialised: the first acts and records the event's change key,
 * the others find that key already recorded and do nothing. The workflow ends when its queue is empty; the next job
 * starts it again.
 */
@WorkflowInterface
public interface GraphEventWorkflow {

    @WorkflowMethod
    void run(GraphEventInput input);

    /** One more {@code webhook_jobs} row for this event. A job id seen before is ignored. */
    @SignalMethod
    void jobQueued(UUID jobId);

    /**
     * @param salespersonId  whose calendar the event is in
     * @param pendingJobIds  jobs carried over a continue-as-new
     */
    record GraphEventInput(UUID salespersonId, List<UUID> pendingJobIds) {}

    /** Graph event ids are base64-ish and about 150 characters; anything else is hashed to keep ids bounded. */
    Pattern READABLE_ID = Pattern.compile("[A-Za-z0-9=_\\-]{1,200}");

    /**
     * {@code graph-event-{salespersonId}-{eventId}}: the salesperson's id keeps two mailboxes apart; an unusual or
     * missing event id is replaced by its SHA-256 so the id stays short and printable.
     */
    static String workflowId(UUID salespersonId, String resourceId, String resource) {
        String key = resourceId != null ? resourceId : resource == null ? "none" : resource;
        if (!READABLE_ID.matcher(key).matches()) {
            try {
                key = "h"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(key.getBytes(StandardCharsets.UTF_8)))
                                .substring(0, 40);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JVM", e);
            }
        }
        return "graph-event-" + salespersonId + "-" + key;
    }
}
