package com.salesbooking.local.system;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Every exchange of the system tests with a product path ({@code /v1/...}) is checked against the OpenAPI document
 * the running app serves at {@code /v3/api-docs}: the request (path, query and header parameters, security, body)
 * and the response (status, the headers the document names, content type, body schema and formats). A breach fails
 * the test that made the exchange with the validator's messages, which name the field. The validator is Atlassian's
 * swagger-request-validator; it checks schemas as OpenAPI 3.0 (JSON Schema draft 4) does, which is why the app
 * serves 3.0.3.
 *
 * <p>A test that deliberately sends invalid requests carries {@link SendsInvalidRequests}: its requests are not
 * checked, its responses (the problem+json answers) still are.
 */
public final class ServedContract implements BeforeEachCallback, AfterEachCallback {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One validator per running app (a test class's context has its own port), built from what it serves. */
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    /**
     * Set for the test method running now. Static, not thread-local: tests run one at a time in this JVM, and some
     * send their requests from a pool of threads.
     */
    private static volatile boolean requestCheckSkipped;

    @Override
    public void beforeEach(ExtensionContext context) {
        requestCheckSkipped = AnnotationSupport.isAnnotated(context.getTestMethod(), SendsInvalidRequests.class)
                || AnnotationSupport.isAnnotated(context.getTestClass(), SendsInvalidRequests.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        requestCheckSkipped = false;
    }

    /** Fails (AssertionError) when the exchange breaks the served document. */
    static void check(HttpRequest request, HttpResponse<String> response) {
        URI uri = request.uri();
        String path = uri.getRawPath();
        if (!path.startsWith("/v1/")) {
            return;
        }
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(base(uri), ServedContract::load);
        Request.Method method = Request.Method.valueOf(request.method());
        SimpleResponse.Builder answer = new SimpleResponse.Builder(response.statusCode());
        response.headers().map().forEach(answer::withHeader);
        if (!response.body().isEmpty()) {
            answer.withBody(response.body());
        }
        String requestBody = bodyOf(request);
        ValidationReport report;
        if (requestCheckSkipped) {
            ValidationReport requestReport =
                    validator.validateRequest(simpleRequest(request, requestBody, method, path));
            if (requestReport.getMessages().stream()
                    .anyMatch(m ->
                            m.getKey().endsWith(".path.missing") || m.getKey().endsWith(".operation.notAllowed"))) {
                // a deliberately unknown route or method: the document has no operation to check the answer against
                return;
            }
            report = validator.validateResponse(path, method, answer.build());
        } else {
            report = validator.validate(simpleRequest(request, requestBody, method, path), answer.build());
        }
        if (report.hasErrors()) {
            throw new AssertionError(request.method() + " " + path + " -> " + response.statusCode()
                    + " breaks the served OpenAPI document:\n" + describe(report) + "\nresponse body: "
                    + response.body());
        }
    }

    private static SimpleRequest simpleRequest(HttpRequest request, String body, Request.Method method, String path) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(method, path);
        request.headers().map().forEach(builder::withHeader);
        if (body != null) {
            builder.withBody(body);
        }
        String query = request.uri().getRawQuery();
        if (query != null && !query.isEmpty()) {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters
                        .computeIfAbsent(name, n -> new java.util.ArrayList<>())
                        .add(value);
            }
            parameters.forEach(builder::withQueryParam);
        }
        return builder.build();
    }

    /** The bytes a request's body publisher sends (publishers of strings and byte arrays can be read again). */
    private static String bodyOf(HttpRequest request) {
        var publisher = request.bodyPublisher().orElse(null);
        if (publisher == null || publisher.contentLength() == 0) {
            return null;
        }
        var bytes = new java.io.ByteArrayOutputStream();
        var done = new java.util.concurrent.CompletableFuture<Void>();
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(java.nio.ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  [" + m.getKey() + "] " + m.getMessage()
                        + m.getNestedMessages().stream()
                                .map(n -> "\n    " + n.getMessage())
                                .collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }

    private static String base(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static OpenApiInteractionValidator load(String base) {
        try {
            HttpResponse<String> docs = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (docs.statusCode() != 200) {
                throw new AssertionError("/v3/api-docs answered " + docs.statusCode());
            }
            return OpenApiInteractionValidator.createForInlineApiSpecification(docs.body())
                    .build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
