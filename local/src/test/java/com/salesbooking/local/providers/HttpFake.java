package com.salesbooking.local.providers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real HTTP server on 127.0.0.1 (random port) standing for a provider's API: it records every request and
 * answers with the provider-specific {@code routes}, unless a one-shot answer was queued for a matching request.
 * Built on the JDK's {@code com.sun.net.httpserver}, so the module needs no extra test dependency.
 */
final class HttpFake implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as the fake received it; {@code path} is decoded, header names are case-insensitive. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** A form-encoded body as a map (first value per name). */
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.putIfAbsent(name, value);
            }
            return form;
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    /** An answer: status, extra headers, body (null for none). */
    record Answer(int status, Map<String, String> headers, String body) {

        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        static Answer empty(int status) {
            return new Answer(status, Map.of(), null);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body);
        }
    }

    private record Queued(Predicate<Request> matches, Answer answer) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "http-fake");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Queued> queued = new ArrayList<>();
    private final Function<Request, Answer> routes;

    HttpFake(Function<Request, Answer> routes) {
        this.routes = routes;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} + path. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next request matching {@code matches} gets {@code answer} (once) instead of the route's. */
    synchronized void queue(Predicate<Request> matches, Answer answer) {
        queued.add(new Queued(matches, answer));
    }

    List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    List<Request> requests(Predicate<Request> filter) {
        return requests.stream().filter(filter).toList();
    }

    private synchronized Answer takeQueued(Request request) {
        for (int i = 0; i < queued.size(); i++) {
            if (queued.get(i).matches().test(request)) {
                return queued.remove(i).answer();
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    Collections.unmodifiableMap(headers),
                    body);
            requests.add(request);
            Answer answer = takeQueued(request);
            if (answer == null) {
                try {
                    answer = routes.apply(request);
                } catch (RuntimeException e) {
                    answer = Answer.json(500, "{\"error\":\"fake failed: " + e + "\"}");
                }
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
