package com.salesbooking.api.admin;

import com.salesbooking.api.admin.TenantAdminAuth.Admin;
import com.salesbooking.api.availability.AvailabilityService;
import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.api.web.Inputs;
import com.salesbooking.store.admin.AdminAudit;
import com.salesbooking.store.admin.DuplicateException;
import com.salesbooking.store.admin.SalespersonAdmin;
import com.salesbooking.store.subscription.GraphSubscriptions.SalespersonRef;
import com.salesbooking.store.subscription.SubscriptionWorkflowLauncher;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.TenantDirectory;
import com.salesbooking.workflows.subscription.GraphSubscriptionWorkflow;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant admin's salespersons. A new or re-activated salesperson gets their Graph subscription workflow started
 * at once; a deactivated one stops being offered at once (availability and holds read {@code active} from
 * PostgreSQL on every request), their subscription workflow is told to delete the subscription, and their
 * bookings stay as they are.
 */
@RestController
public class SalespersonAdminController {

    private final TenantAdminAuth auth;
    private final SalespersonAdmin salespersons;
    private final TenantDirectory directory;
    private final SubscriptionWorkflowLauncher launcher;
    private final AvailabilityService availability;
    private final AdminAudit audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    SalespersonAdminController(
            TenantAdminAuth auth,
            SalespersonAdmin salespersons,
            TenantDirectory directory,
            SubscriptionWorkflowLauncher launcher,
            AvailabilityService availability,
            AdminAudit audit,
            TransactionTemplate tx,
            Clock clock) {
        this.auth = auth;
        this.salespersons = salespersons;
        this.directory = directory;
        this.launcher = launcher;
        this.availability = availability;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @param graphUserId  their Microsoft 365 user (object id or user principal name); defaults to the email
     * @param workingHours their own hours; absent: the tenant's apply
     */
    public record CreateSalespersonRequest(
            String displayName,
            String email,
            String graphUserId,
            String timezone,
            Map<String, List<String>> workingHours) {}

    /** @param useTenantHours true drops their own working hours (the tenant's apply again) */
    public record UpdateSalespersonRequest(
            String displayName,
            String email,
            String graphUserId,
            String timezone,
            Map<String, List<String>> workingHours,
            Boolean useTenantHours) {}

    /** @param workingHours their own hours, absent when the tenant's apply */
    public record AdminSalesperson(
            UUID id,
            String displayName,
            String email,
            String graphUserId,
            String timezone,
            boolean active,
            Map<String, List<String>> workingHours,
            String subscriptionWorkflowId) {
        static AdminSalesperson of(Salesperson s) {
            return new AdminSalesperson(
                    s.id(),
                    s.displayName(),
                    s.email(),
                    s.graphUserId(),
                    s.timezone().getId(),
                    s.active(),
                    s.workingHours() == null ? null : s.workingHours().asMap(),
                    GraphSubscriptionWorkflow.workflowId(s.id()));
        }
    }

    /** @param remainingFutureBookings their bookings still to come (held, pending or confirmed): they stay as they are */
    public record Deactivated(UUID salespersonId, boolean active, int remainingFutureBookings) {}

    @PostMapping(path = "/v1/internal/salespersons", consumes = "application/json")
    ResponseEntity<AdminSalesperson> create(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestBody(required = false) CreateSalespersonRequest body) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        if (body == null) {
            throw ApiException.invalid("display_name", "a JSON body is required");
        }
        String name = TenantSettingsInput.name(body.displayName(), "display_name");
        String email = Inputs.email(body.email(), "email");
        String graphUser = body.graphUserId() == null ? email : graphUserId(body.graphUserId());
        String zone = TenantSettingsInput.zone(body.timezone(), "timezone");
        String hours = body.workingHours() == null
                ? null
                : TenantSettingsInput.workingHours(body.workingHours(), "working_hours");
        UUID tenantId = admin.tenant().id();
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(s -> {
                salespersons.create(tenantId, id, name, email, graphUser, zone, hours, now);
                audit.record(
                        tenantId, admin.actor(), "salesperson.created", "salesperson", id.toString(), now, Map.of());
            });
        } catch (DuplicateException e) {
            throw new ApiException(
                    ErrorCode.ALREADY_EXISTS,
                    "the tenant has a salesperson with this Graph user already",
                    "graph_user_id",
                    null);
        }
        launcher.start(new SalespersonRef(tenantId, id));
        return ResponseEntity.status(HttpStatus.CREATED).body(AdminSalesperson.of(find(tenantId, id)));
    }

    @GetMapping("/v1/internal/salespersons")
    List<AdminSalesperson> list(
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        return salespersons.list(admin.tenant().id()).stream()
                .map(AdminSalesperson::of)
                .toList();
    }

    @GetMapping("/v1/internal/salespersons/{salespersonId}")
    AdminSalesperson get(
            @PathVariable String salespersonId,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        return AdminSalesperson.of(find(admin.tenant().id(), id(salespersonId)));
    }

    @PatchMapping(path = "/v1/internal/salespersons/{salespersonId}", consumes = "application/json")
    AdminSalesperson update(
            @PathVariable String salespersonId,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey,
            @RequestBody(required = false) UpdateSalespersonRequest body) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        UUID id = id(salespersonId);
        if (body == null) {
            throw ApiException.invalid("display_name", "a JSON body is required");
        }
        boolean useTenantHours = Boolean.TRUE.equals(body.useTenantHours());
        if (useTenantHours && body.workingHours() != null) {
            throw ApiException.invalid("use_tenant_hours", "send working_hours or use_tenant_hours, not both");
        }
        SalespersonAdmin.Change change = new SalespersonAdmin.Change(
                body.displayName() == null ? null : TenantSettingsInput.name(body.displayName(), "display_name"),
                body.email() == null ? null : Inputs.email(body.email(), "email"),
                body.graphUserId() == null ? null : graphUserId(body.graphUserId()),
                body.timezone() == null ? null : TenantSettingsInput.zone(body.timezone(), "timezone"),
                body.workingHours() == null
                        ? null
                        : TenantSettingsInput.workingHours(body.workingHours(), "working_hours"),
                useTenantHours);
        UUID tenantId = admin.tenant().id();
        Instant now = clock.instant();
        boolean found;
        try {
            found = Boolean.TRUE.equals(tx.execute(s -> {
                if (!salespersons.update(tenantId, id, change)) {
                    return false;
                }
                audit.record(
                        tenantId,
                        admin.actor(),
                        "salesperson.updated",
                        "salesperson",
                        id.toString(),
                        now,
                        Map.of("fields", changedFields(body)));
                return true;
            }));
        } catch (DuplicateException e) {
            throw new ApiException(
                    ErrorCode.ALREADY_EXISTS,
                    "the tenant has a salesperson with this Graph user already",
                    "graph_user_id",
                    null);
        }
        if (!found) {
            throw new ApiException(ErrorCode.SALESPERSON_NOT_FOUND, "no such salesperson");
        }
        availability.invalidate(tenantId, id);
        return AdminSalesperson.of(find(tenantId, id));
    }

    @PostMapping("/v1/internal/salespersons/{salespersonId}/deactivate")
    Deactivated deactivate(
            @PathVariable String salespersonId,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        UUID id = id(salespersonId);
        UUID tenantId = admin.tenant().id();
        Instant now = clock.instant();
        Integer remaining = tx.execute(s -> {
            if (!salespersons.setActive(tenantId, id, false)) {
                return null;
            }
            int future = salespersons.futureActiveBookings(tenantId, id, now);
            audit.record(
                    tenantId,
                    admin.actor(),
                    "salesperson.deactivated",
                    "salesperson",
                    id.toString(),
                    now,
                    Map.of("remaining_future_bookings", future));
            return future;
        });
        if (remaining == null) {
            throw new ApiException(ErrorCode.SALESPERSON_NOT_FOUND, "no such salesperson");
        }
        // after the commit: the workflow's own check of the salesperson then sees them inactive too
        launcher.deactivated(id);
        availability.invalidate(tenantId, id);
        return new Deactivated(id, false, remaining);
    }

    @PostMapping("/v1/internal/salespersons/{salespersonId}/activate")
    AdminSalesperson activate(
            @PathVariable String salespersonId,
            @RequestHeader(name = "X-Admin-Api-Key", required = false) String adminKey,
            @RequestHeader(name = "X-Tenant-Id", required = false) String tenantHeader,
            @RequestHeader(name = "X-Operator-Key", required = false) String operatorKey) {
        Admin admin = auth.authenticate(adminKey, tenantHeader, operatorKey);
        UUID id = id(salespersonId);
        UUID tenantId = admin.tenant().id();
        Instant now = clock.instant();
        boolean found = Boolean.TRUE.equals(tx.execute(s -> {
            if (!salespersons.setActive(tenantId, id, true)) {
                return false;
            }
            audit.record(tenantId, admin.actor(), "salesperson.activated", "salesperson", id.toString(), now, Map.of());
            return true;
        }));
        if (!found) {
            throw new ApiException(ErrorCode.SALESPERSON_NOT_FOUND, "no such salesperson");
        }
        launcher.restart(new SalespersonRef(tenantId, id));
        return AdminSalesperson.of(find(tenantId, id));
    }

    private Salesperson find(UUID tenantId, UUID id) {
        return directory
                .salesperson(tenantId, id)
                .orElseThrow(() -> new ApiException(ErrorCode.SALESPERSON_NOT_FOUND, "no such salesperson"));
    }

    private static UUID id(String text) {
        try {
            return Inputs.uuid(text, "salespersonId");
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.SALESPERSON_NOT_FOUND, "no such salesperson");
        }
    }

    /** A Graph user: an object id or a user principal name (an email-like name), nothing a URL path could break on. */
    private static String graphUserId(String value) {
        Inputs.required(value, "graph_user_id");
        String v = value.trim();
        if (v.length() > 254 || !v.matches("[A-Za-z0-9._%+@'-]+")) {
            throw ApiException.invalid(
                    "graph_user_id", "graph_user_id must be a Microsoft 365 user id or user principal name");
        }
        return v;
    }

    private static List<String> changedFields(UpdateSalespersonRequest b) {
        List<String> fields = new ArrayList<>();
        if (b.displayName() != null) fields.add("display_name");
        if (b.email() != null) fields.add("email");
        if (b.graphUserId() != null) fields.add("graph_user_id");
        if (b.timezone() != null) fields.add("timezone");
        if (b.workingHours() != null) fields.add("working_hours");
        if (Boolean.TRUE.equals(b.useTenantHours())) fields.add("use_tenant_hours");
        return fields;
    }
}
