package com.salesbooking.providers;

import java.util.UUID;

/**
 * Which customer company a provider call is made for: selects the credentials (Zoom account,
 * Microsoft Entra tenant) and appears in error messages. Carries no secret.
 *
 * @param tenantId    our tenant id
 * @param slug        our tenant slug, the key of per-tenant provider credentials in configuration
 * @param m365TenantId the company's Microsoft Entra tenant id (authority for Graph tokens)
 */
public record ProviderTenant(UUID tenantId, String slug, String m365TenantId) {}
