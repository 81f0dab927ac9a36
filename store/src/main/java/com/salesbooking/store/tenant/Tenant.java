package com.salesbooking.store.tenant;

import com.salesbooking.providers.ProviderTenant;
import com.salesbooking.workflows.booking.MeetingProviderKind;

import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;

/** A customer company with its booking settings. */
public record Tenant(
        UUID id,
        String name,
        String slug,
        String m365TenantId,
        boolean active,
        ZoneId defaultTimezone,
        Duration slotLength,
        Duration buffer,
        Duration minimumNotice,
        int maximumAdvanceDays,
        WorkingHours workingHours,
        MeetingProviderKind meetingProvider,
        String sharedMailbox,
        String bookingPageBaseUrl) {

    public ProviderTenant providerTenant() {
        return new ProviderTenant(id, slug, m365TenantId);
    }
}
