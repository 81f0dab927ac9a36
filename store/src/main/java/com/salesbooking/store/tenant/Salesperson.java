package com.salesbooking.store.tenant;

import java.time.ZoneId;
import java.util.UUID;

/**
 * @param workingHours the salesperson's own hours, or null when the tenant's apply
 */
public record Salesperson(
        UUID id,
        UUID tenantId,
        String graphUserId,
        String displayName,
        String email,
        ZoneId timezone,
        boolean active,
        WorkingHours workingHours) {

    /** Own hours if set, else the tenant's. */
    public WorkingHours effectiveWorkingHours(Tenant tenant) {
        return workingHours != null ? workingHours : tenant.workingHours();
    }
}
