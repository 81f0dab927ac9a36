package com.salesbooking.api.tenant;

import com.salesbooking.api.error.ApiException;
import com.salesbooking.api.error.ErrorCode;
import com.salesbooking.store.tenant.Salesperson;
import com.salesbooking.store.tenant.Tenant;
import com.salesbooking.store.tenant.TenantDirectory;
import org.springframework.stereotype.Component;

import java.util.UUID;

/** Resolves the tenant of a public URL by slug (inactive tenants do not exist to the public) and its salespersons. */
@Component
public class PublicTenants {

    private final TenantDirectory directory;

    public PublicTenants(TenantDirectory directory) {
        this.directory = directory;
    }

    public Tenant bySlug(String slug) {
        if (slug == null || !slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant");
        }
        return directory
                .activeTenantBySlug(slug)
                .orElseThrow(() -> new ApiException(ErrorCode.TENANT_NOT_FOUND, "no such tenant"));
    }

    /** An active salesperson of the tenant, else 404 (an inactive one cannot be booked). */
    public Salesperson activeSalesperson(Tenant tenant, UUID salespersonId) {
        return directory
                .salesperson(tenant.id(), salespersonId)
                .filter(Salesperson::active)
                .orElseThrow(() -> new ApiException(ErrorCode.SALESPERSON_NOT_FOUND, "no such salesperson"));
    }
}
