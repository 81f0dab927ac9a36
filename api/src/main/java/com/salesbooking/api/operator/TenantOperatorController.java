package com.salesbooking.api.operator;

import com.salesbooking.api.admin.TenantSettingsInput;
import com.salesbooking.api.admin.TenantSettingsInput.SettingsRequest;
import com.salesbooking.api.admin.TenantSettingsInput.TenantView;
import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.store.admin.AdminApiKeys;
import com.salesbooking.store.admin.AdminAudit;
import com.salesbooking.store.admin.DuplicateException;
import com.salesbooking.store.admin.TenantAdmin;
import com.salesbooking.store.subscription.GraphSubscriptions;
import com.salesbooking.store.subscription.SubscriptionWorkflowLauncher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform operator onboards and manages tenants ({@code X-Operator-Key}). Every write is audited with the
 * operator key's id as actor, in the write's transaction.
 */
@RestController
public class TenantOperatorController {

    private final OperatorAuth auth;
    private final TenantAdmin tenants;
    private final AdminApiKeys adminKeys;
    private final AdminAudit audit;
    private final GraphSubscriptions subscriptions;
    private final SubscriptionWorkflowLauncher launcher;
    private final AvailabilityService availability;
    private final TransactionTemplate tx;
    private final Clock clock;

    TenantOperatorController(
            OperatorAuth auth,
            TenantAdmin tenants,
            AdminApiKeys adminKeys,
            AdminAudit audit,
            GraphSubscriptions subscriptions,
            SubscriptionWorkflowLauncher launcher,
            AvailabilityService availability,
            TransactionTemplate tx,
            Clock clock) {
        this.auth = auth;
        this.tenants = tenants;
        this.adminKeys = adminKeys;
        this.audit = audit;
        this.subscriptions = subscriptions;
        this.launcher = launcher;
        this.availability = availability;
        this.tx = tx;
        this.clock = clock;
    }

    /** A new tenant; {@code settings} as in PATCH /v1/internal/tenant. */
    public record CreateTenantRequest(
            String name,
            String slug,
            String timezone,
            String meetingProvider,
            String sharedMailbox,
            String m365TenantId,
            String bookingPageUrl,
            SettingsRequest settings) {}

    /** @param adminApiKey the tenant's first admin key, shown this once */
    public record TenantCreated(UUID tenantId, String slug, UUID adminKeyId, String adminApiKey) {}

    /** What the operator may change; null leaves a field as it is. */
    public record UpdateTenantRequest(
            String name,
            String m365TenantId,
            String timezone,
            Integer slotLengthMinutes,
            Integer bufferMinutes,
            Integer minimumNoticeMinutes,
            Integer maximumAdvanceDays,
            Map<String, List<String>> workingHours,
            String meetingProvider,
            String sharedMailbox,
            String bookingPageUrl) {}

    @PostMapping(path = "/v1/internal/tenants", consumes = "application/json")
    ResponseEntity<TenantCreated> create(
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestBody(required = false) CreateTenantRequest body) {
        String actor = auth.authenticate(operatorKey, adminKey);
        if (body == null) {
            throw ApiException.invalid("name", "a JSON body is required");
        }
        String name = TenantSettingsInput.name(body.name(), "name");
        String slug = TenantSettingsInput.slug(body.slug(), "slug");
        SettingsRequest s = body.settings();
        TenantSettingsInput.zone(body.timezone(), "timezone");
        Inputs.required(body.meetingProvider(), "meeting_provider");
        Inputs.required(body.sharedMailbox(), "shared_mailbox");
        SettingsRequest merged = new SettingsRequest(
                body.timezone(),
                s == null ? null : s.slotLengthMinutes(),
                s == null ? null : s.bufferMinutes(),
                s == null ? null : s.minimumNoticeMinutes(),
                s == null ? null : s.maximumAdvanceDays(),
                s == null ? null : s.workingHours(),
                body.meetingProvider(),
                body.sharedMailbox(),
                body.bookingPageUrl());
        if (s != null
                && (s.timezone() != null
                        || s.meetingProvider() != null
                        || s.sharedMailbox() != null
                        || s.bookingPageUrl() != null)) {
            throw ApiException.invalid(
                    "settings",
                    "timezone, meeting_provider, shared_mailbox and booking_page_url "
                            + "go at the top level of the body");
        }
        if (s != null) {
            // the nested fields first, so a failure names them as the client sent them
            TenantSettingsInput.change(s, "settings.", name, null);
        }
        TenantAdmin.SettingsChange change = TenantSettingsInput.change(
                merged, "", name, TenantSettingsInput.m365TenantId(body.m365TenantId(), "m365_tenant_id"));
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            AdminApiKeys.NewKey key = tx.execute(status -> {
                tenants.create(id, slug, change, now);
                AdminApiKeys.NewKey first = adminKeys.create(id, "first key", now);
                audit.record(
                        id,
                        AdminAudit.Actor.operator(actor),
                        "tenant.created",
                        "tenant",
                        id.toString(),
                        now,
                        Map.of("slug", slug, "admin_key_id", first.id().toString()));
                return first;
            });
            return ResponseEntity.status(HttpStatus.CREATED).body(new TenantCreated(id, slug, key.id(), key.apiKey()));
        } catch (DuplicateException e) {
            throw new ApiException(ErrorCode.ALREADY_EXISTS, "the slug is taken", "slug", null);
        }
    }

    @GetMapping("/v1/internal/tenants")
    List<TenantView> list(
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey) {
        auth.authenticate(operatorKey, adminKey);
        return tenants.list().stream()
                .map(e -> TenantView.of(e.tenant(), e.createdAt().toString()))
                .toList();
    }

    @GetMapping("/v1/internal/tenants/{tenantId}")
    TenantView get(
            @PathVariable String tenantId,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey) {
        auth.authenticate(operatorKey, adminKey);
        return view(id(tenantId));
    }

    @PatchMapping(path = "/v1/internal/tenants/{tenantId}", consumes = "application/json")
    TenantView update(
            @PathVariable String tenantId,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestBody(required = false) UpdateTenantRequest body) {
        String actor = auth.authenticate(operatorKey, adminKey);
        UUID id = id(tenantId);
        if (body == null) {
            throw ApiException.invalid("name", "a JSON body is required");
        }
        TenantAdmin.SettingsChange change = TenantSettingsInput.change(
                new SettingsRequest(
                        body.timezone(),
                        body.slotLengthMinutes(),
                        body.bufferMinutes(),
                        body.minimumNoticeMinutes(),
                        body.maximumAdvanceDays(),
                        body.workingHours(),
                        body.meetingProvider(),
                        body.sharedMailbox(),
                        body.bookingPageUrl()),
                "",
                body.name() == null ? null : TenantSettingsInput.name(body.name(), "name"),
                TenantSettingsInput.m365TenantId(body.m365TenantId(), "m365_tenant_id"));
        Instant now = clock.instant();
        boolean found = Boolean.TRUE.equals(tx.execute(status -> {
            if (!tenants.update(id, change)) {
                return false;
            }
            audit.record(
                    id,
                    AdminAudit.Actor.operator(actor),
                    "tenant.updated",
                    "tenant",
                    id.toString(),
                    now,
                    changedFields(body));
            return true;
        }));
        if (!found) {
            throw new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant");
        }
        availability.invalidateTenant(id);
        return view(id);
    }

    @PostMapping("/v1/internal/tenants/{tenantId}/suspend")
    TenantView suspend(
            @PathVariable String tenantId,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey) {
        return setStatus(tenantId, operatorKey, adminKey, false);
    }

    /** Activation also starts the subscription workflows of its active salespersons (a no-op for running ones). */
    @PostMapping("/v1/internal/tenants/{tenantId}/activate")
    TenantView activate(
            @PathVariable String tenantId,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey) {
        TenantView view = setStatus(tenantId, operatorKey, adminKey, true);
        launcher.startAll(subscriptions.activeSalespersons().stream()
                .filter(ref -> ref.tenantId().equals(view.tenantId()))
                .toList());
        return view;
    }

    private TenantView setStatus(String tenantId, String operatorKey, String adminKey, boolean active) {
        String actor = auth.authenticate(operatorKey, adminKey);
        UUID id = id(tenantId);
        Instant now = clock.instant();
        boolean found = Boolean.TRUE.equals(tx.execute(status -> {
            if (!tenants.setStatus(id, active)) {
                return false;
            }
            audit.record(
                    id,
                    AdminAudit.Actor.operator(actor),
                    active ? "tenant.activated" : "tenant.suspended",
                    "tenant",
                    id.toString(),
                    now,
                    Map.of());
            return true;
        }));
        if (!found) {
            throw new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant");
        }
        return view(id);
    }

    private TenantView view(UUID id) {
        return tenants.find(id)
                .map(e -> TenantView.of(e.tenant(), e.createdAt().toString()))
                .orElseThrow(() -> new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant"));
    }

    static UUID id(String text) {
        try {
            return Inputs.uuid(text, "tenantId");
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant");
        }
    }

    /** The names of the fields a PATCH changed (their values may be personal data, e.g. a shared mailbox). */
    private static Map<String, Object> changedFields(UpdateTenantRequest b) {
        List<String> fields = new java.util.ArrayList<>();
        if (b.name() != null) fields.add("name");
        if (b.m365TenantId() != null) fields.add("m365_tenant_id");
        if (b.timezone() != null) fields.add("timezone");
        if (b.slotLengthMinutes() != null) fields.add("slot_length_minutes");
        if (b.bufferMinutes() != null) fields.add("buffer_minutes");
        if (b.minimumNoticeMinutes() != null) fields.add("minimum_notice_minutes");
        if (b.maximumAdvanceDays() != null) fields.add("maximum_advance_days");
        if (b.workingHours() != null) fields.add("working_hours");
        if (b.meetingProvider() != null) fields.add("meeting_provider");
        if (b.sharedMailbox() != null) fields.add("shared_mailbox");
        if (b.bookingPageUrl() != null) fields.add("booking_page_url");
        return Map.of("fields", fields);
    }
}
