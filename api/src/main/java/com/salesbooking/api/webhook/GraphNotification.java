package com.salesbooking.api.webhook;

import com.salesbooking.api.error.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of Graph's {@code {"value":[...]}} notification collection (change or lifecycle notification), with
 * the fields we use. Graph's own camelCase names are read here, independent of the api's snake_case JSON setting.
 *
 * @param changeType     created, updated, deleted; null in a lifecycle notification
 * @param lifecycleEvent reauthorizationRequired, subscriptionRemoved, missed; null in a change notification
 * @param resourceId     {@code resourceData.id}: the event id
 * @param tenantId       the Microsoft Entra tenant the notification comes from, when given
 * @param changeKey      the event's change key when the notification was sent: {@code resourceData.@odata.etag}
 *                       ({@code W/"<changeKey>"}) without its weak marker and quotes; null when absent
 */
record GraphNotification(
        String subscriptionId,
        String clientState,
        String changeType,
        String lifecycleEvent,
        String resource,
        String resourceId,
        String tenantId,
        String changeKey) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * The most notifications one request may carry. Graph's documentation names no maximum, only that it "may send
     * multiple items in a single request" when notifications queue up; the batches it delivers for one mailbox's
     * calendar hold a handful. A hundred leaves wide room for a burst and bounds what one unauthenticated request
     * costs; above it the answer is 413 (Graph retries, and a resync covers what a refused batch carried).
     */
    static final int MAX_PER_REQUEST = 100;

    /** Never prints the clientState. */
    @Override
    public String toString() {
        return "GraphNotification[subscriptionId=" + subscriptionId + ", changeType=" + changeType + ", lifecycleEvent="
                + lifecycleEvent + "]";
    }

    /** Parses Graph's body; anything that is not a {@code value} array of objects is a 400. */
    static List<GraphNotification> parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid("value", "a JSON body {\"value\":[...]} is required");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.invalid("value", "the body is not valid JSON");
        }
        JsonNode value = root == null ? null : root.get("value");
        if (value == null || !value.isArray()) {
            throw ApiException.invalid("value", "the body must be {\"value\":[...]}");
        }
        if (value.size() > MAX_PER_REQUEST) {
            throw new ApiException(
                    com.salesbooking.api.error.ErrorCode.PAYLOAD_TOO_LARGE,
                    "at most " + MAX_PER_REQUEST + " notifications per request",
                    "value",
                    null);
        }
        List<GraphNotification> notifications = new ArrayList<>(value.size());
        for (JsonNode n : value) {
            if (!n.isObject()) {
                throw ApiException.invalid("value", "every notification must be an object");
            }
            JsonNode data = n.get("resourceData");
            notifications.add(new GraphNotification(
                    text(n, "subscriptionId"),
                    text(n, "clientState"),
                    text(n, "changeType"),
                    text(n, "lifecycleEvent"),
                    text(n, "resource"),
                    data != null && data.isObject() ? text(data, "id") : null,
                    text(n, "tenantId"),
                    data != null && data.isObject() ? changeKey(text(data, "@odata.etag")) : null));
        }
        return notifications;
    }

    /** {@code W/"DwAAABYAAAA1"} -> {@code DwAAABYAAAA1}; anything else (no quotes) -> null. */
    static String changeKey(String etag) {
        if (etag == null) {
            return null;
        }
        String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
        if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
            return null;
        }
        return tag.substring(1, tag.length() - 1);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asString();
    }
}
