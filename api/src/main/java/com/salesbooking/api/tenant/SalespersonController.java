package com.salesbooking.api.tenant;

import com.salesbooking.store.tenant.TenantDirectory;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

@RestController
public class SalespersonController {

    private final PublicTenants tenants;
    private final TenantDirectory directory;

    SalespersonController(PublicTenants tenants, TenantDirectory directory) {
        this.tenants = tenants;
        this.directory = directory;
    }

    /** The active salespersons a customer can book. */
    @GetMapping("/v1/public/{slug}/salespersons")
    List<SalespersonView> list(@PathVariable String slug) {
        var tenant = tenants.bySlug(slug);
        return directory.activeSalespersons(tenant.id()).stream()
                .map(s -> new SalespersonView(
                        s.id(), s.displayName(), s.timezone().getId()))
                .toList();
    }

    @Schema(name = "Salesperson")
    public record SalespersonView(
            @Schema(requiredMode = REQUIRED) UUID id,
            @Schema(requiredMode = REQUIRED) String displayName,

            @Schema(requiredMode = REQUIRED, description = "IANA zone")
            String timezone) {}
}
