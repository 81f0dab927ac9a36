package com.salesbooking.local.providers;

import com.salesbooking.local.providers.HttpFake.Answer;
import com.salesbooking.local.providers.HttpFake.Request;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph v1.0 on loopback, as far as the booking system uses it: calendarView (always free), event
 * create / get / cancel / delete, sendMail (202), and change-notification subscriptions (create, renew,
 * reauthorize, delete), which the worker creates for every active salesperson at start-up.
 */
final class GraphHttpFake implements AutoCloseable {

    private static final Pattern USER_PATH = Pattern.compile("^/v1\\.0/users/([^/]+)/(.+)$");
    private static final Pattern EVENT_PATH = Pattern.compile("^events/([^/]+)(/cancel)?$");
    private static final Pattern SUBSCRIPTION_PATH = Pattern.compile("^/v1\\.0/subscriptions/([^/]+)(/reauthorize)?$");

    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    /** event id -> the event as created (answered to GET) */
    private final Map<String, String> createdEvents = new ConcurrentHashMap<>();

    final HttpFake http = new HttpFake(this::route);

    String baseUrl() {
        return http.url("/v1.0");
    }

    static Answer odataError(int status, String code, String message) {
        return Answer.json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }

    private Answer route(Request request) {
        String method = request.method();
        String path = request.path();
        if (path.equals("/v1.0/subscriptions") && method.equals("POST")) {
            JsonNode body = request.json();
            return Answer.json(201, """
                    {"id":"subscription-%d","resource":%s,"changeType":%s,"clientState":%s,"notificationUrl":%s,
                     "expirationDateTime":%s}""".formatted(
                            subscriptions.incrementAndGet(),
                            body.path("resource"),
                            body.path("changeType"),
                            body.path("clientState"),
                            body.path("notificationUrl"),
                            body.path("expirationDateTime")));
        }
        Matcher subscription = SUBSCRIPTION_PATH.matcher(path);
        if (subscription.matches()) {
            String id = subscription.group(1);
            if (subscription.group(2) != null || method.equals("DELETE")) {
                return Answer.empty(204);
            }
            if (method.equals("PATCH")) {
                return Answer.json(
                        200,
                        "{\"id\":\"" + id + "\",\"expirationDateTime\":"
                                + request.json().path("expirationDateTime") + "}");
            }
        }
        Matcher user = USER_PATH.matcher(path);
        if (user.matches()) {
            String rest = user.group(2);
            if (rest.equals("calendarView") && method.equals("GET")) {
                return Answer.json(200, "{\"value\":[]}");
            }
            if (rest.equals("sendMail") && method.equals("POST")) {
                return Answer.empty(202);
            }
            if (rest.equals("events") && method.equals("POST")) {
                JsonNode body = request.json();
                int n = events.incrementAndGet();
                String id = "AAMkAD-graph-event-" + n;
                String event = """
                        {"id":"%s","iCalUId":"ical-%d","changeKey":"change-%d","transactionId":%s,"subject":%s,
                         "start":%s,"end":%s,"isCancelled":false,"onlineMeeting":null}""".formatted(
                                id,
                                n,
                                n,
                                body.path("transactionId"),
                                body.path("subject"),
                                body.path("start"),
                                body.path("end"));
                createdEvents.put(id, event);
                return Answer.json(201, event);
            }
            Matcher event = EVENT_PATH.matcher(rest);
            if (event.matches()) {
                String id = event.group(1);
                if (!createdEvents.containsKey(id)) {
                    return odataError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
                }
                if (event.group(2) != null && method.equals("POST")) {
                    createdEvents.remove(id);
                    return Answer.empty(202);
                }
                if (method.equals("DELETE")) {
                    createdEvents.remove(id);
                    return Answer.empty(204);
                }
                if (method.equals("GET")) {
                    return Answer.json(200, createdEvents.get(id));
                }
            }
        }
        return odataError(404, "ResourceNotFound", "no such route in the fake: " + method + " " + path);
    }

    @Override
    public void close() {
        http.close();
    }
}
