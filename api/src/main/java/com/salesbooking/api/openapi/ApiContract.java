package com.salesbooking.api.openapi;

import com.salesbooking.api.admin.AdminBookingViews.BookingDetail;
import com.salesbooking.api.admin.AdminBookingViews.BookingPage;
import com.salesbooking.api.admin.AdminBookingViews.CustomerExport;
import com.salesbooking.api.admin.AdminBookingViews.Erasure;
import com.salesbooking.api.admin.CustomerDataController.ErasureRequest;
import com.salesbooking.api.admin.SalespersonAdminController.AdminSalesperson;
import com.salesbooking.api.admin.SalespersonAdminController.CreateSalespersonRequest;
import com.salesbooking.api.admin.SalespersonAdminController.Deactivated;
import com.salesbooking.api.admin.SalespersonAdminController.UpdateSalespersonRequest;
import com.salesbooking.api.admin.TenantAdminController.CreateKeyRequest;
import com.salesbooking.api.admin.TenantAdminController.KeyCreated;
import com.salesbooking.api.admin.TenantAdminController.KeyView;
import com.salesbooking.api.admin.TenantSettingsInput.SettingsRequest;
import com.salesbooking.api.admin.TenantSettingsInput.TenantView;
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
import com.salesbooking.api.operator.M365OnboardingController.ConsentUrl;
import com.salesbooking.api.operator.TenantOperatorController.CreateTenantRequest;
import com.salesbooking.api.operator.TenantOperatorController.TenantCreated;
import com.salesbooking.api.operator.TenantOperatorController.UpdateTenantRequest;
import com.salesbooking.api.tenant.SalespersonController.SalespersonView;
import com.salesbooking.api.webhook.GraphNotificationBatch;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static com.salesbooking.api.error.ErrorCode.ALREADY_EXISTS;
import static com.salesbooking.api.error.ErrorCode.BOOKING_NOT_FOUND;
import static com.salesbooking.api.error.ErrorCode.CANCEL_DEADLINE_PASSED;
import static com.salesbooking.api.error.ErrorCode.CUSTOMER_NOT_FOUND;
import static com.salesbooking.api.error.ErrorCode.FORBIDDEN;
import static com.salesbooking.api.error.ErrorCode.HOLD_EXPIRED;
import static com.salesbooking.api.error.ErrorCode.IDEMPOTENCY_KEY_MISSING;
import static com.salesbooking.api.error.ErrorCode.IDEMPOTENCY_KEY_REUSED;
import static com.salesbooking.api.error.ErrorCode.INTERNAL_ERROR;
import static com.salesbooking.api.error.ErrorCode.INVALID_DATETIME;
import static com.salesbooking.api.error.ErrorCode.INVALID_REQUEST;
import static com.salesbooking.api.error.ErrorCode.INVALID_STATE;
import static com.salesbooking.api.error.ErrorCode.NOT_FOUND;
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

    private ApiContract() {}

    /**
     * @param requestType     the record the JSON body is read into (its schema is derived from it), null for none
     * @param successType     the record the success body is written from (its schema is derived from it), null for none
     * @param successArray    the success body is an array of {@code successSchema}
     * @param idempotent      a public POST: Idempotency-Key required, replays and their problems
     * @param admin           the internal admin headers (X-Admin-Api-Key, X-Tenant-Id)
     * @param operator        the platform operator's header (X-Operator-Key)
     */
    public record Endpoint(
            String method,
            String path,
            String tag,
            String summary,
            String description,
            Class<?> requestType,
            int successStatus,
            String successDescription,
            Class<?> successType,
            boolean successArray,
            boolean idempotent,
            boolean admin,
            Set<ErrorCode> errors,
            boolean operator) {

        public Endpoint(
                String method,
                String path,
                String tag,
                String summary,
                String description,
                Class<?> requestType,
                int successStatus,
                String successDescription,
                Class<?> successType,
                boolean successArray,
                boolean idempotent,
                boolean admin,
                Set<ErrorCode> errors) {
            this(
                    method,
                    path,
                    tag,
                    summary,
                    description,
                    requestType,
                    successStatus,
                    successDescription,
                    successType,
                    successArray,
                    idempotent,
                    admin,
                    errors,
                    false);
        }
    }

    static final String PUBLIC = "public";
    static final String INTERNAL = "internal";
    static final String WEBHOOKS = "webhooks";
    static final String OPERATOR = "operator";
    static final String ONBOARDING = "onboarding";
    static final String M365_CALLBACK = "/v1/onboarding/m365/callback";

    /** Query parameters and headers a client may leave out (everything else the controllers read is required). */
    static final Set<String> OPTIONAL_PARAMETERS = Set.of(
            "validationToken",
            "X-Tenant-Id",
            "status",
            "salesperson_id",
            "from",
            "to",
            "limit",
            "cursor",
            "state",
            "tenant",
            "admin_consent",
            "error");
    /** Optional on the booking list, required on the export. */
    static final String BOOKING_LIST = "/v1/internal/bookings";

    /** A tenant admin endpoint: the key's problems (401 none or unknown; 403 another scope, tenant, or suspended). */
    private static Set<ErrorCode> admin(ErrorCode... codes) {
        Set<ErrorCode> set = EnumSet.of(UNAUTHORIZED, FORBIDDEN, INTERNAL_ERROR);
        set.addAll(List.of(codes));
        return set;
    }

    private static Set<ErrorCode> adminJson(ErrorCode... codes) {
        Set<ErrorCode> set = jsonPost(codes);
        set.addAll(admin());
        return set;
    }

    private static Endpoint operator(
            String method,
            String path,
            String summary,
            String description,
            Class<?> request,
            int status,
            String successDescription,
            Class<?> success,
            boolean array,
            Set<ErrorCode> errors) {
        Set<ErrorCode> all = EnumSet.of(UNAUTHORIZED, FORBIDDEN, INTERNAL_ERROR);
        all.addAll(errors);
        return new Endpoint(
                method,
                path,
                OPERATOR,
                summary,
                description,
                request,
                status,
                successDescription,
                success,
                array,
                false,
                false,
                all,
                true);
    }

    private static Endpoint tenantAdmin(
            String method,
            String path,
            String summary,
            String description,
            Class<?> request,
            int status,
            String successDescription,
            Class<?> success,
            boolean array,
            Set<ErrorCode> errors) {
        return new Endpoint(
                method,
                path,
                INTERNAL,
                summary,
                description,
                request,
                status,
                successDescription,
                success,
                array,
                false,
                true,
                errors);
    }

    /** Every JSON POST can be too large (413) or of the wrong type (415), and every request can fail (500). */
    private static Set<ErrorCode> jsonPost(ErrorCode... codes) {
        Set<ErrorCode> set = EnumSet.of(INVALID_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INTERNAL_ERROR);
        set.addAll(List.of(codes));
        return set;
    }

    /** A public POST: the Idempotency-Key rules plus the workflow's availability (docs/design.md, "Idempotency"). */
    private static Set<ErrorCode> idempotentPost(ErrorCode... codes) {
        Set<ErrorCode> set = jsonPost(codes);
        set.addAll(List.of(
                IDEMPOTENCY_KEY_MISSING,
                IDEMPOTENCY_KEY_REUSED,
                REQUEST_IN_PROGRESS,
                TENANT_NOT_FOUND,
                SERVICE_UNAVAILABLE));
        return set;
    }

    public static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(
                    "GET",
                    "/v1/public/{slug}/salespersons",
                    PUBLIC,
                    "List the bookable salespersons",
                    "The tenant's active salespersons.",
                    null,
                    200,
                    "The active salespersons",
                    SalespersonView.class,
                    true,
                    false,
                    false,
                    EnumSet.of(TENANT_NOT_FOUND, INTERNAL_ERROR)),
            new Endpoint(
                    "GET",
                    "/v1/public/{slug}/availability",
                    PUBLIC,
                    "Free slots of a salesperson on a day",
                    "Free slots on a local date (YYYY-MM-DD) of the salesperson's timezone, in UTC and local time.",
                    null,
                    200,
                    "The day's free slots",
                    AvailabilityView.class,
                    false,
                    false,
                    false,
                    EnumSet.of(
                            INVALID_REQUEST,
                            TENANT_NOT_FOUND,
                            SALESPERSON_NOT_FOUND,
                            PROVIDER_UNAVAILABLE,
                            INTERNAL_ERROR)),
            new Endpoint(
                    "POST",
                    "/v1/public/{slug}/holds",
                    PUBLIC,
                    "Place a hold on a slot",
                    "Holds the slot for the hold TTL (10 minutes by default) and starts the booking's workflow.",
                    HoldRequest.class,
                    201,
                    "The hold",
                    HoldCreated.class,
                    false,
                    true,
                    false,
                    idempotentPost(
                            INVALID_DATETIME,
                            SALESPERSON_NOT_FOUND,
                            SLOT_UNAVAILABLE,
                            SLOT_TAKEN,
                            RATE_LIMITED,
                            PROVIDER_UNAVAILABLE)),
            new Endpoint(
                    "POST",
                    "/v1/public/{slug}/auth/verify-email",
                    PUBLIC,
                    "Send the verification email",
                    "Moves the hold to pending_verify and emails the magic link; the token goes only by email.",
                    VerifyEmailRequest.class,
                    200,
                    "Verification email sent",
                    VerificationSent.class,
                    false,
                    true,
                    false,
                    idempotentPost(BOOKING_NOT_FOUND, HOLD_EXPIRED, INVALID_STATE, RATE_LIMITED, PROVIDER_UNAVAILABLE)),
            new Endpoint(
                    "POST",
                    "/v1/public/{slug}/confirm",
                    PUBLIC,
                    "Confirm a booking with the verify token",
                    "Creates the online meeting and the Outlook event, then confirms; a provider failure is undone (503).",
                    TokenRequest.class,
                    200,
                    "The confirmed booking",
                    Confirmed.class,
                    false,
                    true,
                    false,
                    idempotentPost(TOKEN_INVALID, TOKEN_USED, HOLD_EXPIRED, INVALID_STATE, PROVIDER_UNAVAILABLE)),
            new Endpoint(
                    "GET",
                    "/v1/public/{slug}/bookings/{bookingId}",
                    PUBLIC,
                    "The booking as its customer sees it",
                    "Needs the token of the verify link (until it is used; never with the join URL) or of the manage "
                            + "link (until the meeting ends).",
                    null,
                    200,
                    "The booking",
                    CustomerBooking.class,
                    false,
                    false,
                    false,
                    EnumSet.of(
                            TENANT_NOT_FOUND,
                            BOOKING_NOT_FOUND,
                            TOKEN_INVALID,
                            TOKEN_USED,
                            HOLD_EXPIRED,
                            INTERNAL_ERROR)),
            new Endpoint(
                    "POST",
                    "/v1/public/{slug}/bookings/{bookingId}/cancel",
                    PUBLIC,
                    "Cancel a confirmed booking",
                    "Until 24 h before the start; canceling a canceled booking answers 200 again.",
                    TokenRequest.class,
                    200,
                    "The booking is canceled",
                    Canceled.class,
                    false,
                    true,
                    false,
                    idempotentPost(
                            BOOKING_NOT_FOUND,
                            TOKEN_INVALID,
                            TOKEN_USED,
                            INVALID_STATE,
                            CANCEL_DEADLINE_PASSED,
                            PROVIDER_UNAVAILABLE)),
            new Endpoint(
                    "POST",
                    "/v1/public/{slug}/bookings/{bookingId}/reschedule",
                    PUBLIC,
                    "Move a booking to another slot",
                    "Holds the new slot, cancels the old booking and sends a verification email for the new one.",
                    RescheduleRequest.class,
                    201,
                    "The new booking, waiting for verification",
                    Rescheduled.class,
                    false,
                    true,
                    false,
                    idempotentPost(
                            INVALID_DATETIME,
                            BOOKING_NOT_FOUND,
                            SALESPERSON_NOT_FOUND,
                            TOKEN_INVALID,
                            TOKEN_USED,
                            INVALID_STATE,
                            CANCEL_DEADLINE_PASSED,
                            SLOT_UNAVAILABLE,
                            SLOT_TAKEN,
                            RATE_LIMITED,
                            PROVIDER_UNAVAILABLE)),
            new Endpoint(
                    "POST",
                    "/v1/public/{slug}/bookings/{bookingId}/resend",
                    PUBLIC,
                    "Send the confirmation email again",
                    "For a customer who lost the confirmation email (it carries the manage link): queued and sent to "
                            + "the booking's own address within about a minute; 3 per booking per hour, 429 with "
                            + "Retry-After beyond. No body.",
                    null,
                    202,
                    "The email is queued",
                    ResendQueued.class,
                    false,
                    true,
                    false,
                    idempotentPost(BOOKING_NOT_FOUND, INVALID_STATE, RATE_LIMITED)),
            new Endpoint(
                    "POST",
                    "/v1/internal/attendance/{bookingId}",
                    INTERNAL,
                    "Record attendance",
                    "A tenant admin records attended or no_show for a confirmed booking whose meeting has started, "
                            + "until the attendance window after its end closes; a later call corrects an earlier one.",
                    AttendanceRequest.class,
                    200,
                    "Attendance recorded",
                    AttendanceRecorded.class,
                    false,
                    false,
                    true,
                    jsonPost(UNAUTHORIZED, FORBIDDEN, BOOKING_NOT_FOUND, INVALID_STATE)),
            operator(
                    "POST",
                    "/v1/internal/tenants",
                    "Onboard a tenant",
                    "Creates the tenant with its settings and its first admin key, shown this once. Slug: 3-40 "
                            + "lower-case letters, digits, hyphens; unique (409 already_exists).",
                    CreateTenantRequest.class,
                    201,
                    "The tenant and its first admin key",
                    TenantCreated.class,
                    false,
                    jsonPost(ALREADY_EXISTS)),
            operator(
                    "GET",
                    "/v1/internal/tenants",
                    "List the tenants",
                    "Every tenant, by slug.",
                    null,
                    200,
                    "The tenants",
                    TenantView.class,
                    true,
                    EnumSet.noneOf(ErrorCode.class)),
            operator(
                    "GET",
                    "/v1/internal/tenants/{tenantId}",
                    "A tenant",
                    "The tenant's settings and status.",
                    null,
                    200,
                    "The tenant",
                    TenantView.class,
                    false,
                    EnumSet.of(TENANT_NOT_FOUND)),
            operator(
                    "PATCH",
                    "/v1/internal/tenants/{tenantId}",
                    "Change a tenant",
                    "Name, Microsoft 365 tenant id and settings; absent fields stay as they are.",
                    UpdateTenantRequest.class,
                    200,
                    "The tenant",
                    TenantView.class,
                    false,
                    jsonPost(TENANT_NOT_FOUND)),
            operator(
                    "POST",
                    "/v1/internal/tenants/{tenantId}/suspend",
                    "Suspend a tenant",
                    "Its public pages answer 404 and its admin keys 403 until it is activated again.",
                    null,
                    200,
                    "The tenant",
                    TenantView.class,
                    false,
                    EnumSet.of(TENANT_NOT_FOUND)),
            operator(
                    "POST",
                    "/v1/internal/tenants/{tenantId}/activate",
                    "Activate a tenant",
                    "Serves the tenant again and starts its salespersons' Graph subscription workflows.",
                    null,
                    200,
                    "The tenant",
                    TenantView.class,
                    false,
                    EnumSet.of(TENANT_NOT_FOUND)),
            operator(
                    "GET",
                    "/v1/internal/tenants/{tenantId}/m365-consent-url",
                    "Microsoft 365 admin-consent link",
                    "The admin-consent URL of the multi-tenant Entra app with a signed, one-time state, for the "
                            + "customer's Global Administrator.",
                    null,
                    200,
                    "The link",
                    ConsentUrl.class,
                    false,
                    EnumSet.of(TENANT_NOT_FOUND)),
            new Endpoint(
                    "GET",
                    M365_CALLBACK,
                    ONBOARDING,
                    "Microsoft 365 consent callback",
                    "Where Microsoft sends the Global Administrator back: verifies the state, records the Entra "
                            + "tenant id and answers a plain HTML page (200 connected or refused, 400 otherwise).",
                    null,
                    200,
                    "An HTML page",
                    null,
                    false,
                    false,
                    false,
                    EnumSet.noneOf(ErrorCode.class)),
            tenantAdmin(
                    "GET",
                    "/v1/internal/tenant",
                    "The admin's tenant",
                    "Its settings and status.",
                    null,
                    200,
                    "The tenant",
                    TenantView.class,
                    false,
                    admin()),
            tenantAdmin(
                    "PATCH",
                    "/v1/internal/tenant",
                    "Change the tenant's settings",
                    "Absent fields stay as they are; availability uses the new settings at once; bookings already "
                            + "made are not touched.",
                    SettingsRequest.class,
                    200,
                    "The tenant",
                    TenantView.class,
                    false,
                    adminJson()),
            tenantAdmin(
                    "POST",
                    "/v1/internal/salespersons",
                    "Add a salesperson",
                    "Active at once; their Graph subscription workflow starts at once. graph_user_id defaults to the email.",
                    CreateSalespersonRequest.class,
                    201,
                    "The salesperson",
                    AdminSalesperson.class,
                    false,
                    adminJson(ALREADY_EXISTS)),
            tenantAdmin(
                    "GET",
                    "/v1/internal/salespersons",
                    "List the salespersons",
                    "Active and inactive, by name.",
                    null,
                    200,
                    "The salespersons",
                    AdminSalesperson.class,
                    true,
                    admin()),
            tenantAdmin(
                    "GET",
                    "/v1/internal/salespersons/{salespersonId}",
                    "A salesperson",
                    "Active or not.",
                    null,
                    200,
                    "The salesperson",
                    AdminSalesperson.class,
                    false,
                    admin(SALESPERSON_NOT_FOUND)),
            tenantAdmin(
                    "PATCH",
                    "/v1/internal/salespersons/{salespersonId}",
                    "Change a salesperson",
                    "Absent fields stay as they are; use_tenant_hours drops their own working hours.",
                    UpdateSalespersonRequest.class,
                    200,
                    "The salesperson",
                    AdminSalesperson.class,
                    false,
                    adminJson(SALESPERSON_NOT_FOUND, ALREADY_EXISTS)),
            tenantAdmin(
                    "POST",
                    "/v1/internal/salespersons/{salespersonId}/deactivate",
                    "Deactivate a salesperson",
                    "No slots from now on; their Graph subscription is deleted; their bookings stay (the answer "
                            + "counts the future ones).",
                    null,
                    200,
                    "Deactivated",
                    Deactivated.class,
                    false,
                    admin(SALESPERSON_NOT_FOUND)),
            tenantAdmin(
                    "POST",
                    "/v1/internal/salespersons/{salespersonId}/activate",
                    "Activate a salesperson",
                    "Bookable again; their Graph subscription workflow starts at once.",
                    null,
                    200,
                    "The salesperson",
                    AdminSalesperson.class,
                    false,
                    admin(SALESPERSON_NOT_FOUND)),
            tenantAdmin(
                    "POST",
                    "/v1/internal/admin-keys",
                    "Create an admin key",
                    "The key is in this answer only; it is stored hashed.",
                    CreateKeyRequest.class,
                    201,
                    "The new key",
                    KeyCreated.class,
                    false,
                    adminJson()),
            tenantAdmin(
                    "GET",
                    "/v1/internal/admin-keys",
                    "List the admin keys",
                    "Ids, labels, created, last used; " + "never a key.",
                    null,
                    200,
                    "The keys",
                    KeyView.class,
                    true,
                    admin()),
            tenantAdmin(
                    "DELETE",
                    "/v1/internal/admin-keys/{keyId}",
                    "Delete an admin key",
                    "At once; the tenant's last key cannot be deleted (409 invalid_state).",
                    null,
                    204,
                    "Deleted",
                    null,
                    false,
                    admin(NOT_FOUND, INVALID_STATE)),
            tenantAdmin(
                    "GET",
                    BOOKING_LIST,
                    "List bookings",
                    "Ordered by start then id; filters status, salesperson_id, from/to (start), email; limit 1-200 "
                            + "(50); keyset pages: pass next_cursor as cursor (stable while bookings are made).",
                    null,
                    200,
                    "A page of bookings",
                    BookingPage.class,
                    false,
                    admin(INVALID_REQUEST, INVALID_DATETIME)),
            tenantAdmin(
                    "GET",
                    "/v1/internal/bookings/{bookingId}",
                    "A booking with its trail",
                    "Customer, meeting, Outlook event, every tracking event and audit entry in order, and the "
                            + "Temporal workflow id.",
                    null,
                    200,
                    "The booking",
                    BookingDetail.class,
                    false,
                    admin(BOOKING_NOT_FOUND)),
            tenantAdmin(
                    "GET",
                    "/v1/internal/customers/export",
                    "Export a customer's data (GDPR art. 15)",
                    "Everything stored about the customer with this email in the tenant.",
                    null,
                    200,
                    "The data",
                    CustomerExport.class,
                    false,
                    admin(INVALID_REQUEST, CUSTOMER_NOT_FOUND)),
            tenantAdmin(
                    "POST",
                    "/v1/internal/customers/erasure",
                    "Erase a customer (GDPR art. 17)",
                    "Cancels their future confirmed bookings (reason erasure), then replaces name, email and company "
                            + "everywhere by a placeholder; a second erasure is 404.",
                    ErasureRequest.class,
                    200,
                    "Erased",
                    Erasure.class,
                    false,
                    adminJson(CUSTOMER_NOT_FOUND, SERVICE_UNAVAILABLE)),
            new Endpoint(
                    "POST",
                    "/v1/webhooks/graph",
                    WEBHOOKS,
                    "Microsoft Graph change notifications",
                    "With validationToken: the subscription handshake, echoed as text/plain. Otherwise a batch of "
                            + "notifications, stored as jobs and acknowledged with 202; notifications with a wrong "
                            + "clientState are dropped.",
                    GraphNotificationBatch.class,
                    202,
                    "Notifications accepted",
                    null,
                    false,
                    false,
                    false,
                    EnumSet.of(INVALID_REQUEST, PAYLOAD_TOO_LARGE, INTERNAL_ERROR)),
            new Endpoint(
                    "POST",
                    "/v1/webhooks/graph/lifecycle",
                    WEBHOOKS,
                    "Microsoft Graph lifecycle notifications",
                    "Subscription lifecycle events (reauthorizationRequired, subscriptionRemoved, missed); same "
                            + "handshake and acknowledgement as the change notifications.",
                    GraphNotificationBatch.class,
                    202,
                    "Notifications accepted",
                    null,
                    false,
                    false,
                    false,
                    EnumSet.of(INVALID_REQUEST, PAYLOAD_TOO_LARGE, INTERNAL_ERROR)));
}
