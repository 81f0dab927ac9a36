package com.salesbooking.api.admin;

import com.salesbooking.api.admin.TenantAdminAuth.Admin;
import com.salesbooking.api.admin.TenantSettingsInput.SettingsRequest;
import com.salesbooking.api.admin.TenantSettingsInput.TenantView;
import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.store.admin.AdminApiKeys;
import com.salesbooking.store.admin.AdminAudit;
import com.salesbooking.store.admin.TenantAdmin;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant admin's own tenant: its booking settings and its admin keys. Settings changes apply to availability at
 * once (cached calendar reads of the tenant are dropped) and never touch bookings already made.
 */
@RestController
public class TenantAdminController {

    private final TenantAdminAuth auth;
    private final TenantAdmin tenants;
    private final AdminApiKeys keys;
    private final AdminAudit audit;
    private final AvailabilityService availability;
    private final TransactionTemplate tx;
    private final Clock clock;

    TenantAdminController(
            TenantAdminAuth auth,
            TenantAdmin tenants,
            AdminApiKeys keys,
            AdminAudit audit,
            AvailabilityService availability,
            TransactionTemplate tx,
            Clock clock) {
        this.auth = auth;
        this.tenants = tenants;
        this.keys = keys;
        this.audit = audit;
        this.availability = availability;
        this.tx = tx;
        this.clock = clock;
    }

    public record CreateKeyRequest(String label) {}

    /** @param apiKey shown this once; only its hash is stored */
    public record KeyCreated(UUID keyId, String label, String apiKey, String createdAt) {}

    public record KeyView(UUID keyId, String label, String createdAt, String lastUsedAt) {}

    @GetMapping("/v1/internal/tenant")
    TenantView get(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        return view(admin.tenant().id());
    }

    @PatchMapping(path = "/v1/internal/tenant", consumes = "application/json")
    TenantView update(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestBody(required = false) SettingsRequest body) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        if (body == null) {
            throw ApiException.invalid("timezone", "a JSON body is required");
        }
        TenantAdmin.SettingsChange change = TenantSettingsInput.change(body, "", null, null);
        UUID id = admin.tenant().id();
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            tenants.update(id, change);
            audit.record(
                    id,
                    admin.actor(),
                    "tenant.settings_updated",
                    "tenant",
                    id.toString(),
                    now,
                    Map.of("fields", changedFields(body)));
        });
        availability.invalidateTenant(id);
        return view(id);
    }

    @PostMapping(path = "/v1/internal/admin-keys")
    ResponseEntity<KeyCreated> createKey(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestBody(required = false) CreateKeyRequest body) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        String label = body == null ? null : Inputs.optionalText(body.label(), "label", 100);
        String name = label == null ? "admin key" : label;
        UUID tenantId = admin.tenant().id();
        Instant now = clock.instant();
        AdminApiKeys.NewKey key = tx.execute(s -> {
            AdminApiKeys.NewKey created = keys.create(tenantId, name, now);
            audit.record(
                    tenantId,
                    admin.actor(),
                    "admin_key.created",
                    "admin_key",
                    created.id().toString(),
                    now,
                    Map.of());
            return created;
        });
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new KeyCreated(key.id(), name, key.apiKey(), now.toString()));
    }

    @GetMapping("/v1/internal/admin-keys")
    List<KeyView> keys(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        return keys.list(admin.tenant().id()).stream()
                .map(k -> new KeyView(
                        k.id(),
                        k.label(),
                        k.createdAt().toString(),
                        k.lastUsedAt() == null ? null : k.lastUsedAt().toString()))
                .toList();
    }

    /** Revokes a key at once; the last key of a tenant cannot be deleted (409 invalid_state). */
    @DeleteMapping("/v1/internal/admin-keys/{keyId}")
    ResponseEntity<Void> deleteKey(
            @PathVariable String keyId,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        UUID id;
        try {
            id = Inputs.uuid(keyId, "keyId");
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no such admin key");
        }
        UUID tenantId = admin.tenant().id();
        Instant now = clock.instant();
        AdminApiKeys.Revocation outcome = tx.execute(s -> {
            AdminApiKeys.Revocation r = keys.revoke(tenantId, id, now);
            if (r == AdminApiKeys.Revocation.REVOKED) {
                audit.record(tenantId, admin.actor(), "admin_key.deleted", "admin_key", id.toString(), now, Map.of());
            }
            return r;
        });
        return switch (outcome) {
            case REVOKED -> ResponseEntity.noContent().build();
            case NOT_FOUND -> throw new ApiException(ErrorCode.NOT_FOUND, "no such admin key");
            case LAST_KEY ->
                throw new ApiException(
                        ErrorCode.INVALID_STATE, "a tenant keeps at least one admin key: create another one first");
        };
    }

    private TenantView view(UUID id) {
        return tenants.find(id)
                .map(e -> TenantView.of(e.tenant(), e.createdAt().toString()))
                .orElseThrow(() -> new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant"));
    }

    private static List<String> changedFields(SettingsRequest b) {
        List<String> fields = new ArrayList<>();
        if (b.timezone() != null) fields.add("timezone");
        if (b.slotLengthMinutes() != null) fields.add("slot_length_minutes");
        if (b.bufferMinutes() != null) fields.add("buffer_minutes");
        if (b.minimumNoticeMinutes() != null) fields.add("minimum_notice_minutes");
        if (b.maximumAdvanceDays() != null) fields.add("maximum_advance_days");
        if (b.workingHours() != null) fields.add("working_hours");
        if (b.meetingProvider() != null) fields.add("meeting_provider");
        if (b.sharedMailbox() != null) fields.add("shared_mailbox");
        if (b.bookingPageUrl() != null) fields.add("booking_page_url");
        return fields;
    }
}
