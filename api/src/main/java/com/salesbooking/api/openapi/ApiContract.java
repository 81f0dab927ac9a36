package com.salesbooking.api.openapi;

import com.salesbooking.api.attendance.AttendanceController.AttendanceRecorded;
import com.salesbooking.api.attendance.AttendanceController.AttendanceRequest;
import com.salesbooking.api.availability.AvailabilityController.AvailabilityView;
import com.salesbooking.api.booking.BookingRequests.HoldRequest;
import com.salesbooking.api.booking.BookingRequests.RescheduleRequest;
import com.salesbooking.api.booking.BookingRequests.TokenRequest;
import com.salesbooking.api.booking.BookingRequests.VerifyEmailRequest;
import com.salesbooking.api.booking.BookingViews.Canceled;
import com.salesbooking.api.booking.BookingViews.Confirmed;
import com.salesbooking.api.booking.BookingViews.CustomerBooking;
import com.salesbooking.api.booking.BookingViews.HoldCreated;
import com.salesbooking.api.booking.BookingViews.Rescheduled;
import com.salesbooking.api.booking.BookingViews.ResendQueued;
import com.salesbooking.api.booking.BookingViews.VerificationSent;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.tenant.SalespersonController.SalespersonView;
import com.salesbooking.api.webhook.GraphNotificationBatch;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static com.salesbooking.api.error.ErrorCode.BOOKING_NOT_FOUND;
import static com.salesbooking.api.error.ErrorCode.CANCEL_DEADLINE_PASSED;
import static com.salesbooking.api.error.ErrorCode.FORBIDDEN;
import static com.salesbooking.api.error.ErrorCode.HOLD_EXPIRED;
import static com.salesbooking.api.error.ErrorCode.IDEMPOTENCY_KEY_MISSING;
import static com.salesbooking.api.error.ErrorCode.IDEMPOTENCY_KEY_REUSED;
import static com.salesbooking.api.error.ErrorCode.INTERNAL_ERROR;
import static com.salesbooking.api.error.ErrorCode.INVALID_DATETIME;
import static com.salesbooking.api.error.ErrorCode.INVALID_REQUEST;
import static com.salesbooking.api.error.ErrorCode.INVALID_STATE;
import static com.salesbooking.api.error.ErrorCode.PAYLOAD_TOO_LARGE;
import static com.salesbooking.api.error.ErrorCode.PROVIDER_UNAVAILABLE;
import static com.salesbooking.api.error.ErrorCode.RATE_LIMITED;
import static com.salesbooking.api.error.ErrorCode.REQUEST_IN_PROGRESS;
import static com.salesbooking.api.error.ErrorCode.SALESPERSON_NOT_FOUND;
import static com.salesbooking.api.error.ErrorCode.SERVICE_UNAVAILABLE;
import static com.salesbooking.api.error.ErrorCode.SLOT_TAKEN;
import static com.salesbooking.api.error.ErrorCode.SLOT_UNAVAILABLE;
import static com.salesbooking.api.error.ErrorCode.TENANT_NOT_FOUND;
import static com.salesbooking.api.error.ErrorCode.TOKEN_INVALID;
import static com.salesbooking.api.error.ErrorCode.TOKEN_USED;
import static com.salesbooking.api.error.ErrorCode.UNAUTHORIZED;
import static com.salesbooking.api.error.ErrorCode.UNSUPPORTED_MEDIA_TYPE;

/**
 * The api's contract (docs/design.md, "The API") as data: per operation its summary, the records its request and
 * success bodies are read into and written from, and the problem codes it can answer with. {@link
 * OpenApiConfiguration} writes it into the OpenAPI document, deriving every body schema from those records, so the
 * controllers carry no documentation annotations (the records carry {@code @Schema} where the Java type is not enough). The codes were collected from the code paths of each endpoint
 * (controller, BookingService, BookingWorkflows, IdempotencyService, ProblemHandler, RequestSizeLimitFilter).
 */
public final class ApiContract {

    private ApiContract() {
    }

    /**
     * @param requestType     the record the JSON body is read into (its schema is derived from it), null for none
     * @param successType     the record the success body is written from (its schema is derived from it), null for none
     * @param successArray    the success body is an array of {@code successSchema}
     * @param idempotent      a public POST: Idempotency-Key required, replays and their problems
     * @param admin           the internal admin headers (X-Admin-Api-Key, X-Tenant-Id)
     */
    public record Endpoint(String method, String path, String tag, String summary, String description,
                    Class<?> requestType, int successStatus, String successDescription, Class<?> successType,
                    boolean successArray, boolean idempotent, boolean admin, Set<ErrorCode> errors) {
    }

    static final String PUBLIC = "public";
    static final String INTERNAL = "internal";
    static final String WEBHOOKS = "webhooks";

    /** Every JSON POST can be too large (413) or of the wrong type (415), and every request can fail (500). */
    private static Set<ErrorCode> jsonPost(ErrorCode... codes) {
        Set<ErrorCode> set = EnumSet.of(INVALID_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INTERNAL_ERROR);
        set.addAll(List.of(codes));
        return set;
    }

    /** A public POST: the Idempotency-Key rules plus the workflow's availability (docs/design.md, "Idempotency"). */
    private static Set<ErrorCode> idempotentPost(ErrorCode... codes) {
        Set<ErrorCode> set = jsonPost(codes);
        set.addAll(List.of(IDEMPOTENCY_KEY_MISSING, IDEMPOTENCY_KEY_REUSED, REQUEST_IN_PROGRESS, TENANT_NOT_FOUND,
                SERVICE_UNAVAILABLE));
        return set;
    }

    public static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/v1/public/{slug}/salespersons", PUBLIC, "List the bookable salespersons",
                    "The tenant's active salespersons.", null, 200, "The active salespersons",
                    SalespersonView.class, true, false, false, EnumSet.of(TENANT_NOT_FOUND, INTERNAL_ERROR)),
            new Endpoint("GET", "/v1/public/{slug}/availability", PUBLIC, "Free slots of a salesperson on a day",
                    "Free slots on a local date (YYYY-MM-DD) of the salesperson's timezone, in UTC and local time.",
                    null, 200, "The day's free slots", AvailabilityView.class, false, false, false,
                    EnumSet.of(INVALID_REQUEST, TENANT_NOT_FOUND, SALESPERSON_NOT_FOUND, PROVIDER_UNAVAILABLE, INTERNAL_ERROR)),
            new Endpoint("POST", "/v1/public/{slug}/holds", PUBLIC, "Place a hold on a slot",
                    "Holds the slot for the hold TTL (10 minutes by default) and starts the booking's workflow.",
                    HoldRequest.class, 201, "The hold", HoldCreated.class, false, true, false,
                    idempotentPost(INVALID_DATETIME, SALESPERSON_NOT_FOUND, SLOT_UNAVAILABLE, SLOT_TAKEN, RATE_LIMITED,
                            PROVIDER_UNAVAILABLE)),
            new Endpoint("POST", "/v1/public/{slug}/auth/verify-email", PUBLIC, "Send the verification email",
                    "Moves the hold to pending_verify and emails the magic link; the token goes only by email.",
                    VerifyEmailRequest.class, 200, "Verification email sent", VerificationSent.class, false, true, false,
                    idempotentPost(BOOKING_NOT_FOUND, HOLD_EXPIRED, INVALID_STATE, RATE_LIMITED, PROVIDER_UNAVAILABLE)),
            new Endpoint("POST", "/v1/public/{slug}/confirm", PUBLIC, "Confirm a booking with the verify token",
                    "Creates the online meeting and the Outlook event, then confirms; a provider failure is undone (503).",
                    TokenRequest.class, 200, "The confirmed booking", Confirmed.class, false, true, false,
                    idempotentPost(TOKEN_INVALID, TOKEN_USED, HOLD_EXPIRED, INVALID_STATE, PROVIDER_UNAVAILABLE)),
            new Endpoint("GET", "/v1/public/{slug}/bookings/{bookingId}", PUBLIC, "The booking as its customer sees it",
                    "Needs the token of the verify link (until it is used; never with the join URL) or of the manage "
                            + "link (until the meeting ends).", null, 200, "The booking", CustomerBooking.class,
                    false, false, false,
                    EnumSet.of(TENANT_NOT_FOUND, BOOKING_NOT_FOUND, TOKEN_INVALID, TOKEN_USED, HOLD_EXPIRED, INTERNAL_ERROR)),
            new Endpoint("POST", "/v1/public/{slug}/bookings/{bookingId}/cancel", PUBLIC, "Cancel a confirmed booking",
                    "Until 24 h before the start; canceling a canceled booking answers 200 again.",
                    TokenRequest.class, 200, "The booking is canceled", Canceled.class, false, true, false,
                    idempotentPost(BOOKING_NOT_FOUND, TOKEN_INVALID, TOKEN_USED, INVALID_STATE, CANCEL_DEADLINE_PASSED,
                            PROVIDER_UNAVAILABLE)),
            new Endpoint("POST", "/v1/public/{slug}/bookings/{bookingId}/reschedule", PUBLIC, "Move a booking to another slot",
                    "Holds the new slot, cancels the old booking and sends a verification email for the new one.",
                    RescheduleRequest.class, 201, "The new booking, waiting for verification", Rescheduled.class, false, true, false,
                    idempotentPost(INVALID_DATETIME, BOOKING_NOT_FOUND, SALESPERSON_NOT_FOUND, TOKEN_INVALID, TOKEN_USED,
                            INVALID_STATE, CANCEL_DEADLINE_PASSED, SLOT_UNAVAILABLE, SLOT_TAKEN, RATE_LIMITED,
                            PROVIDER_UNAVAILABLE)),
            new Endpoint("POST", "/v1/public/{slug}/bookings/{bookingId}/resend", PUBLIC, "Send the confirmation email again",
                    "For a customer who lost the confirmation email (it carries the manage link): queued and sent to "
                            + "the booking's own address within about a minute; 3 per booking per hour, 429 with "
                            + "Retry-After beyond. No body.",
                    null, 202, "The email is queued", ResendQueued.class, false, true, false,
                    idempotentPost(BOOKING_NOT_FOUND, INVALID_STATE, RATE_LIMITED)),
            new Endpoint("POST", "/v1/internal/attendance/{bookingId}", INTERNAL, "Record attendance",
                    "A tenant admin records attended or no_show for a confirmed booking whose meeting has started, "
                            + "until the attendance window after its end closes; a later call corrects an earlier one.",
                    AttendanceRequest.class, 200, "Attendance recorded", AttendanceRecorded.class, false, false, true,
                    jsonPost(UNAUTHORIZED, FORBIDDEN, BOOKING_NOT_FOUND, INVALID_STATE)),
            new Endpoint("POST", "/v1/webhooks/graph", WEBHOOKS, "Microsoft Graph change notifications",
                    "With validationToken: the subscription handshake, echoed as text/plain. Otherwise a batch of "
                            + "notifications, stored as jobs and acknowledged with 202; notifications with a wrong "
                            + "clientState are dropped.",
                    GraphNotificationBatch.class, 202, "Notifications accepted", null, false, false, false,
                    EnumSet.of(INVALID_REQUEST, PAYLOAD_TOO_LARGE, INTERNAL_ERROR)),
            new Endpoint("POST", "/v1/webhooks/graph/lifecycle", WEBHOOKS, "Microsoft Graph lifecycle notifications",
                    "Subscription lifecycle events (reauthorizationRequired, subscriptionRemoved, missed); same "
                            + "handshake and acknowledgement as the change notifications.",
                    GraphNotificationBatch.class, 202, "Notifications accepted", null, false, false, false,
                    EnumSet.of(INVALID_REQUEST, PAYLOAD_TOO_LARGE, INTERNAL_ERROR)));
}
