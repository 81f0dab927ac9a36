package com.salesbooking.api.booking;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.platform.BookingProperties;
import com.salesbooking.store.booking.BookingRecord;
import com.salesbooking.store.booking.BookingWorkflowLauncher;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.workflows.booking.BookingFailure;
import com.salesbooking.workflows.booking.BookingState;
import com.salesbooking.workflows.booking.BookingWorkflowInput;
import com.salesbooking.workflows.booking.CancelRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.CheckedExceptionWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The api's side of the booking workflows: starts them and sends Updates, mapping refusals to problem codes.
 * Updates carry the Idempotency-Key as update id, so a retried request joins the same update.
 */
@Component
public class BookingWorkflows {

    private static final Logger log = LoggerFactory.getLogger(BookingWorkflows.class);

    /**
     * How long an HTTP request waits for an update. A confirm that retries Zoom and Graph gives up after about
     * half a minute; a caller who waited longer than this gets 503 and, retrying with the same key, the result.
     */
    static final Duration UPDATE_WAIT = Duration.ofSeconds(45);
    /**
     * How long an api thread may wait for Temporal to take a start or to accept an update (a worker has to run the
     * validator). With workers down or stuck an unbounded wait would pile Tomcat threads up; 10 s is far more than
     * a healthy cluster needs (milliseconds) and leaves the caller most of a typical 30 s client time-out.
     */
    static final Duration ACCEPT_WAIT = Duration.ofSeconds(10);
    /**
     * Confirm runs of one Idempotency-Key whose saga failed at a provider (503, "retry with the same key"): each
     * retry is a new update id, because Temporal keeps answering a completed update id with its old outcome. A
     * hold lasts 10 minutes and a failed saga takes about half a minute, so 64 is never reached by a customer.
     */
    static final int MAX_CONFIRM_RUNS = 64;
    /** Fires the gRPC deadlines of {@link #ACCEPT_WAIT}. */
    private static final java.util.concurrent.ScheduledExecutorService DEADLINES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "temporal-call-deadlines");
                t.setDaemon(true);
                return t;
            });

    private final WorkflowClient client;
    private final BookingProperties properties;
    private final BookingWorkflowLauncher launcher;

    public BookingWorkflows(WorkflowClient client, BookingProperties properties) {
        this.client = client;
        this.properties = properties;
        this.launcher = new BookingWorkflowLauncher(client, properties);
    }

    /** Starts the booking's workflow unless it already runs or ran (then this is a no-op). */
    public void start(BookingRecord booking, Tenant tenant) {
        try {
            if (!withAcceptDeadline(() -> launcher.start(booking, tenant.meetingProvider()))) {
                log.debug("workflow of booking {} already started", booking.id());
            }
        } catch (RuntimeException e) {
            // the hold is committed; the same request again (same key) finds it and starts the workflow, and the
            // sweeper starts it for a customer who does not come back
            throw unavailable(e);
        }
    }

    /** Runs Temporal calls under one gRPC deadline of {@link #ACCEPT_WAIT} (every RPC made inside inherits it). */
    private static <T> T withAcceptDeadline(java.util.function.Supplier<T> calls) {
        io.grpc.Context.CancellableContext context =
                io.grpc.Context.current().withDeadlineAfter(ACCEPT_WAIT.toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
        try {
            return context.call(calls::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.cancel(null);
        }
    }

    public Optional<BookingState> requestVerification(UUID bookingId, String updateId) {
        return update(bookingId, "requestVerification", updateId);
    }

    /**
     * The confirm of this Idempotency-Key: joins its run still going, answers with its run that succeeded, or,
     * when every earlier run failed at a provider (the customer was told 503, retry with the same key), starts the
     * next run under a new update id.
     */
    public Optional<BookingState> confirm(UUID bookingId, String verifyTokenId, String idempotencyKey) {
        for (int run = 0; run < MAX_CONFIRM_RUNS; run++) {
            String updateId = confirmRunId(idempotencyKey, run);
            EarlierRun earlier = earlierRun(bookingId, "confirm:" + updateId, UPDATE_WAIT);
            switch (earlier.kind()) {
                case NONE -> {
                    return update(bookingId, "confirm", updateId, verifyTokenId);
                }
                case SUCCEEDED -> {
                    return Optional.of(earlier.state());
                }
                case WORKFLOW_CLOSED -> {
                    return Optional.empty();
                }
                case FAILED_AT_PROVIDER -> {}
            }
        }
        throw new ApiException(
                ErrorCode.SERVICE_UNAVAILABLE,
                "too many attempts with this Idempotency-Key; use a new one",
                null,
                Duration.ofSeconds(5));
    }

    /**
     * The booking as a confirm with this Idempotency-Key left it, if one succeeded (its token is consumed now, so
     * the customer's retry after a 503 or after an api crash is recognised by the key, not the token).
     */
    public Optional<BookingState> confirmedWith(UUID bookingId, String idempotencyKey) {
        for (int run = 0; run < MAX_CONFIRM_RUNS; run++) {
            EarlierRun earlier = earlierRun(bookingId, "confirm:" + confirmRunId(idempotencyKey, run), ACCEPT_WAIT);
            if (earlier.kind() == EarlierRun.Kind.SUCCEEDED) {
                return Optional.of(earlier.state());
            }
            if (earlier.kind() != EarlierRun.Kind.FAILED_AT_PROVIDER) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The first run keeps the plain key (the update id of releases before runs were counted). */
    private static String confirmRunId(String idempotencyKey, int run) {
        return run == 0 ? idempotencyKey : idempotencyKey + "#" + run;
    }

    /** What became of an update id sent before. */
    private record EarlierRun(Kind kind, BookingState state) {
        enum Kind {
            NONE,
            SUCCEEDED,
            FAILED_AT_PROVIDER,
            WORKFLOW_CLOSED
        }
    }

    /**
     * Looks up an update id: waits (at most {@code wait}) for it while it runs; NONE when Temporal never saw it (or
     * its validator refused it, which leaves no trace); its refusal is thrown as the api's answer, except a provider
     * failure, after which the next run may start.
     */
    private EarlierRun earlierRun(UUID bookingId, String fullUpdateId, Duration wait) {
        WorkflowStub stub = client.newUntypedWorkflowStub(BookingWorkflowInput.workflowId(bookingId));
        try {
            BookingState state = stub.getUpdateHandle(fullUpdateId, BookingState.class)
                    .getResultAsync()
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return new EarlierRun(EarlierRun.Kind.SUCCEEDED, state);
        } catch (ExecutionException e) {
            return earlierRunFailed(CheckedExceptionWrapper.unwrap(e.getCause()));
        } catch (TimeoutException e) {
            throw stillWorking();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (RuntimeException e) {
            return earlierRunFailed(e);
        }
    }

    private static EarlierRun earlierRunFailed(Throwable cause) {
        if (updateLost(cause)) {
            return new EarlierRun(EarlierRun.Kind.NONE, null);
        }
        if (cause instanceof WorkflowNotFoundException
                || (cause != null && cause.getCause() instanceof WorkflowNotFoundException)) {
            return new EarlierRun(EarlierRun.Kind.WORKFLOW_CLOSED, null);
        }
        if (cause instanceof WorkflowUpdateException u) {
            if (BookingFailure.in(u.getCause())
                    .filter(f -> f == BookingFailure.PROVIDER_UNAVAILABLE)
                    .isPresent()) {
                return new EarlierRun(EarlierRun.Kind.FAILED_AT_PROVIDER, null);
            }
            throw refusal(u.getCause());
        }
        throw unavailable(cause);
    }

    public Optional<BookingState> cancel(UUID bookingId, CancelRequest request, String updateId) {
        return update(bookingId, "cancel", updateId, request);
    }

    /**
     * Sends an update and waits for its result.
     *
     * @return empty when the workflow has closed (the caller answers from the database)
     */
    private Optional<BookingState> update(UUID bookingId, String name, String updateId, Object... args) {
        try {
            return updateOnce(bookingId, name, updateId, args);
        } catch (UpdateLostException e) {
            // the same update id again is safe: the server deduplicates it, or the first one never landed
            log.warn("update {} of booking {} was lost by the server; sending it again", name, bookingId);
            try {
                return updateOnce(bookingId, name, updateId, args);
            } catch (UpdateLostException again) {
                throw unavailable(again.getCause());
            }
        }
    }

    /** NOT_FOUND for the update itself (not the workflow): seen on the Java test server right after a timer fired. */
    private static final class UpdateLostException extends RuntimeException {
        UpdateLostException(Throwable cause) {
            super(cause);
        }
    }

    private static boolean updateLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.grpc.StatusRuntimeException s
                    && s.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND
                    && String.valueOf(s.getStatus().getDescription())
                            .toLowerCase(java.util.Locale.ROOT)
                            .startsWith("update ")) {
                return true;
            }
        }
        return false;
    }

    private Optional<BookingState> updateOnce(UUID bookingId, String name, String updateId, Object... args) {
        WorkflowStub stub = client.newUntypedWorkflowStub(BookingWorkflowInput.workflowId(bookingId));
        try {
            // bounded: a worker must run the validator before the update is accepted, and none may be there
            var handle = withAcceptDeadline(() -> stub.startUpdate(
                    UpdateOptions.newBuilder(BookingState.class)
                            .setUpdateName(name)
                            .setUpdateId(name + ":" + updateId)
                            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                            .build(),
                    args));
            return Optional.of(handle.getResultAsync().get(UPDATE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (WorkflowNotFoundException e) {
            if (updateLost(e)) {
                throw new UpdateLostException(e);
            }
            return Optional.empty();
        } catch (WorkflowUpdateException e) {
            throw refusal(e.getCause());
        } catch (ExecutionException e) {
            Throwable cause = CheckedExceptionWrapper.unwrap(e.getCause());
            if (cause instanceof WorkflowUpdateException u) {
                throw refusal(u.getCause());
            }
            if (cause instanceof WorkflowNotFoundException) {
                return Optional.empty();
            }
            if (resourceExhausted(cause)) {
                throw tooManyUpdates(bookingId);
            }
            throw unavailable(cause);
        } catch (TimeoutException e) {
            throw stillWorking();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof WorkflowNotFoundException) {
                return Optional.empty();
            }
            if (resourceExhausted(e)) {
                throw tooManyUpdates(bookingId);
            }
            throw unavailable(e);
        }
    }

    /**
     * RESOURCE_EXHAUSTED from the server: too many updates in flight for this workflow (10 on a real server; the
     * workflow's own validator refuses earlier) or a namespace rate limit. The request may be repeated shortly.
     */
    static boolean resourceExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.grpc.StatusRuntimeException s
                    && s.getStatus().getCode() == io.grpc.Status.Code.RESOURCE_EXHAUSTED) {
                return true;
            }
        }
        return false;
    }

    private static ApiException tooManyUpdates(UUID bookingId) {
        log.warn("Temporal refused an update of booking {}: resource exhausted", bookingId);
        return new ApiException(
                ErrorCode.RATE_LIMITED,
                "too many requests for this booking at once; try again shortly",
                null,
                Duration.ofSeconds(5));
    }

    private static ApiException refusal(Throwable cause) {
        Optional<BookingFailure> type = BookingFailure.in(cause);
        if (type.isPresent()) {
            ErrorCode code = ErrorCode.valueOf(type.get().name());
            return new ApiException(
                    code,
                    message(cause, type.get()),
                    null,
                    code == ErrorCode.PROVIDER_UNAVAILABLE || code == ErrorCode.RATE_LIMITED
                            ? Duration.ofSeconds(5)
                            : null);
        }
        log.warn(
                "update failed unexpectedly: {}",
                cause == null ? "?" : cause.getClass().getName());
        return new ApiException(
                ErrorCode.SERVICE_UNAVAILABLE,
                "the booking could not be updated; try again",
                null,
                Duration.ofSeconds(5));
    }

    private static String message(Throwable cause, BookingFailure type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure af
                    && af.getOriginalMessage() != null
                    && (type.name().equals(af.getType())
                            || af.getOriginalMessage().startsWith(type.code() + ": "))) {
                return BookingFailure.detail(af.getOriginalMessage());
            }
        }
        return type.code();
    }

    /** The update runs on past the api's wait: the same Idempotency-Key later gets its outcome. */
    private static ApiException stillWorking() {
        return new ApiException(
                ErrorCode.SERVICE_UNAVAILABLE,
                "still working on it; retry with the same Idempotency-Key for the result",
                null,
                Duration.ofSeconds(5));
    }

    private static ApiException unavailable(Throwable cause) {
        log.warn(
                "Temporal call failed: {}",
                cause == null ? "?" : cause.getClass().getName());
        return new ApiException(
                ErrorCode.SERVICE_UNAVAILABLE,
                "the booking service is temporarily unavailable",
                null,
                Duration.ofSeconds(5));
    }
}
