package com.salesbooking.providers.graph;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.salesbooking.providers.ProviderTenant;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** Runs one Graph call: the tenant's client, the mailbox's permit, failures classified. */
final class GraphExecutor {

    private final GraphClientFactory clients;
    private final MailboxLimiter limiter;
    private final Clock clock;

    GraphExecutor(GraphClientFactory clients, MailboxLimiter limiter, Clock clock) {
        this.clients = clients;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** A call on a mailbox's resources, under its concurrency limit. */
    <T> T onMailbox(ProviderTenant tenant, String mailbox, String operation, Function<GraphServiceClient, T> call) {
        GraphServiceClient client = clients.client(tenant, operation);
        return limiter.withPermit(
                tenant.m365TenantId(),
                mailbox,
                operation,
                () -> classified(tenant, operation, () -> call.apply(client)));
    }

    void onMailboxRun(ProviderTenant tenant, String mailbox, String operation, Consumer<GraphServiceClient> call) {
        onMailbox(tenant, mailbox, operation, client -> {
            call.accept(client);
            return null;
        });
    }

    /** A call on a tenant-wide resource (subscriptions). */
    <T> T onTenant(ProviderTenant tenant, String operation, Function<GraphServiceClient, T> call) {
        GraphServiceClient client = clients.client(tenant, operation);
        return classified(tenant, operation, () -> call.apply(client));
    }

    void onTenantRun(ProviderTenant tenant, String operation, Consumer<GraphServiceClient> call) {
        onTenant(tenant, operation, client -> {
            call.accept(client);
            return null;
        });
    }

    private <T> T classified(ProviderTenant tenant, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw GraphFailures.classify(operation, tenant, e, clock);
        }
    }
}
