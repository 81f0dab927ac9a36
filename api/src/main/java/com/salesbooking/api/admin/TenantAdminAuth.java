package com.salesbooking.api.admin;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.store.admin.AdminApiKeys;
import com.salesbooking.store.admin.AdminAudit;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * The tenant admin's scope ({@code X-Admin-Api-Key}): the key alone identifies its tenant. {@code X-Tenant-Id} is
 * optional; when sent, it may be the tenant's id or slug and must name the key's tenant. No key or an unknown one
 * is 401; an operator key here, a key of a suspended tenant or an {@code X-Tenant-Id} of another tenant is 403.
 */
@Component
public class TenantAdminAuth {

    /** An authenticated tenant admin: the key's id (the actor in audit logs) and its tenant. */
    public record Admin(UUID keyId, Tenant tenant) {
        public AdminAudit.Actor actor() {
            return AdminAudit.Actor.admin(keyId);
        }
    }

    private final AdminApiKeys keys;
    private final TenantDirectory directory;
    private final Clock clock;

    public TenantAdminAuth(AdminApiKeys keys, TenantDirectory directory, Clock clock) {
        this.keys = keys;
        this.directory = directory;
        this.clock = clock;
    }

    public Admin authenticate(String adminKey, String tenantHeader, String operatorKey) {
        if (adminKey == null || adminKey.isBlank()) {
            if (operatorKey != null && !operatorKey.isBlank()) {
                throw new ApiException(
                        ErrorCode.FORBIDDEN, "tenant admin endpoints need X-Admin-Api-Key, not an operator key");
            }
            throw new ApiException(ErrorCode.UNAUTHORIZED, "X-Admin-Api-Key is required");
        }
        AdminApiKeys.KeyMatch match = keys.match(adminKey, clock.instant())
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "unknown admin key"));
        Tenant tenant = directory
                .tenant(match.tenantId())
                .orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "unknown admin key"));
        if (tenantHeader != null && !tenantHeader.isBlank()) {
            String named = tenantHeader.trim().toLowerCase(Locale.ROOT);
            if (!named.equals(tenant.id().toString()) && !named.equals(tenant.slug())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "this key is not valid for the tenant in X-Tenant-Id");
            }
        }
        if (!tenant.active()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "the tenant is suspended");
        }
        return new Admin(match.keyId(), tenant);
    }
}
