package com.salesbooking.store.subscription;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code graph_subscriptions} rows: Graph's subscription id, whose calendar it watches and the clientState
 * secret Graph echoes in every notification. The secret never leaves this class except through
 * {@link #verifiedSender} (a yes/no) and {@link #activeFor} (for the sandbox's own notifications).
 */
@Repository
public class GraphSubscriptions {

    /** Salespersons handed to the launcher per sweeper round; the next round takes the rest. */
    static final int LAUNCH_BATCH = 200;

    /** A stored subscription; {@code clientState} is a secret: never log it. */
    public record StoredSubscription(
            String id,
            UUID tenantId,
            UUID salespersonId,
            String resource,
            String clientState,
            Instant expiresAt,
            boolean active,
            String m365TenantId) {
        @Override
        public String toString() {
            return "StoredSubscription[id=" + id + ", tenantId=" + tenantId + ", salespersonId=" + salespersonId
                    + ", active=" + active + "]";
        }
    }

    /** Why a notification was not accepted. */
    public enum Rejection {
        UNKNOWN_SUBSCRIPTION,
        INACTIVE_SUBSCRIPTION,
        CLIENT_STATE_MISMATCH,
        TENANT_MISMATCH;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The outcome of checking a notification's sender: either the subscription or why not. */
    public record Verdict(StoredSubscription subscription, Rejection rejection) {
        public boolean accepted() {
            return rejection == null;
        }
    }

    private static final String SELECT = """
            SELECT s.*, t.m365_tenant_id FROM graph_subscriptions s JOIN tenants t ON t.id = s.tenant_id
            """;

    private final JdbcClient jdbc;

    public GraphSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredSubscription> find(String subscriptionId) {
        return jdbc.sql(SELECT + " WHERE s.id = ?")
                .param(subscriptionId)
                .query(GraphSubscriptions::map)
                .optional();
    }

    /** The salesperson's active subscription (the newest, should a replacement overlap). */
    public Optional<StoredSubscription> activeFor(UUID salespersonId) {
        return jdbc.sql(SELECT
                        + " WHERE s.salesperson_id = ? AND s.status = 'active' ORDER BY s.created_at DESC LIMIT 1")
                .param(salespersonId)
                .query(GraphSubscriptions::map)
                .optional();
    }

    /** The active subscription of the salesperson with this Graph user id (sandbox notifications). */
    public Optional<StoredSubscription> activeForGraphUser(String graphUserId) {
        return jdbc.sql(SELECT + """
                         JOIN salespersons p ON p.id = s.salesperson_id
                         WHERE p.graph_user_id = ? AND s.status = 'active' ORDER BY s.created_at DESC LIMIT 1""")
                .param(graphUserId)
                .query(GraphSubscriptions::map)
                .optional();
    }

    public Optional<StoredSubscription> findByRequest(UUID requestId) {
        return jdbc.sql(SELECT + " WHERE s.request_id = ?")
                .param(requestId)
                .query(GraphSubscriptions::map)
                .optional();
    }

    /**
     * Longest subscription id looked up: Graph's are GUIDs (36 characters); anything much longer cannot be ours and is
     * not sent to the database.
     */
    public static final int MAX_ID_LENGTH = 200;

    /** The stored subscriptions among these ids, in one query (a webhook batch names up to a hundred). */
    public java.util.Map<String, StoredSubscription> findAll(java.util.Collection<String> subscriptionIds) {
        String[] ids = subscriptionIds.stream()
                .filter(id -> id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH)
                .distinct()
                .toArray(String[]::new);
        if (ids.length == 0) {
            return java.util.Map.of();
        }
        java.util.Map<String, StoredSubscription> found = new java.util.HashMap<>();
        jdbc.sql(SELECT + " WHERE s.id = ANY(?)")
                .param(ids)
                .query(GraphSubscriptions::map)
                .list()
                .forEach(sub -> found.put(sub.id(), sub));
        return found;
    }

    /**
     * Is this notification from Graph for a subscription of ours? The subscription must be known and active, the
     * clientState equal to the stored secret (compared in constant time) and, where the notification names a
     * tenant, that tenant the subscription's Microsoft tenant.
     */
    public Verdict verifiedSender(String subscriptionId, String clientState, String notificationTenantId) {
        if (subscriptionId == null || subscriptionId.isBlank()) {
            return new Verdict(null, Rejection.UNKNOWN_SUBSCRIPTION);
        }
        return verifiedSender(find(subscriptionId).orElse(null), clientState, notificationTenantId);
    }

    /**
     * As {@link #verifiedSender(String, String, String)}, for a subscription already looked up ({@link #findAll}).
     *
     * @param found the stored subscription the notification names, null when none is stored
     */
    public Verdict verifiedSender(StoredSubscription found, String clientState, String notificationTenantId) {
        if (found == null) {
            return new Verdict(null, Rejection.UNKNOWN_SUBSCRIPTION);
        }
        StoredSubscription s = found;
        byte[] expected = s.clientState().getBytes(StandardCharsets.UTF_8);
        byte[] given = clientState == null ? new byte[0] : clientState.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            return new Verdict(null, Rejection.CLIENT_STATE_MISMATCH);
        }
        if (!s.active()) {
            return new Verdict(null, Rejection.INACTIVE_SUBSCRIPTION);
        }
        if (notificationTenantId != null
                && !notificationTenantId.isBlank()
                && s.m365TenantId() != null
                && !s.m365TenantId().equalsIgnoreCase(notificationTenantId)) {
            return new Verdict(null, Rejection.TENANT_MISMATCH);
        }
        return new Verdict(s, null);
    }

    /** Stores a new active subscription and marks the salesperson's others removed, in the caller's transaction. */
    public void insertActive(
            String id,
            UUID tenantId,
            UUID salespersonId,
            String resource,
            String clientState,
            Instant expiresAt,
            UUID requestId,
            Instant now) {
        jdbc.sql(
                        "UPDATE graph_subscriptions SET status = 'removed', updated_at = ? WHERE salesperson_id = ? AND status = 'active'")
                .params(Timestamp.from(now), salespersonId)
                .update();
        jdbc.sql("""
                        INSERT INTO graph_subscriptions (id, tenant_id, salesperson_id, resource, client_state, expires_at_utc,
                                                         status, created_at, updated_at, request_id)
                        VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)""")
                .params(
                        id,
                        tenantId,
                        salespersonId,
                        resource,
                        clientState,
                        Timestamp.from(expiresAt),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        requestId)
                .update();
    }

    public void updateExpiry(String id, Instant expiresAt, Instant now) {
        jdbc.sql("UPDATE graph_subscriptions SET expires_at_utc = ?, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(expiresAt), Timestamp.from(now), id)
                .update();
    }

    public void markRemoved(String id, Instant now) {
        jdbc.sql("UPDATE graph_subscriptions SET status = 'removed', updated_at = ? WHERE id = ? AND status = 'active'")
                .params(Timestamp.from(now), id)
                .update();
    }

    /** A salesperson, by ids only. */
    public record SalespersonRef(UUID tenantId, UUID salespersonId) {}

    /** Every active salesperson of every active tenant. */
    public List<SalespersonRef> activeSalespersons() {
        return jdbc.sql("""
                        SELECT p.tenant_id, p.id FROM salespersons p JOIN tenants t ON t.id = p.tenant_id
                         WHERE p.active AND t.status = 'active' ORDER BY p.tenant_id, p.id""")
                .query((rs, i) -> new SalespersonRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    /**
     * Active salespersons (of active tenants) without a live subscription: none stored, or only removed or lapsed
     * ones. Usually the new ones, whose workflow nobody started yet.
     */
    public List<SalespersonRef> activeSalespersonsWithoutLiveSubscription(Instant now) {
        return jdbc.sql("""
                        SELECT p.tenant_id, p.id FROM salespersons p JOIN tenants t ON t.id = p.tenant_id
                         WHERE p.active AND t.status = 'active'
                           AND NOT EXISTS (SELECT 1 FROM graph_subscriptions s
                                            WHERE s.salesperson_id = p.id AND s.status = 'active' AND s.expires_at_utc > ?)
                         ORDER BY p.tenant_id, p.id LIMIT ?""")
                .params(Timestamp.from(now), LAUNCH_BATCH)
                .query((rs, i) -> new SalespersonRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    private static StoredSubscription map(ResultSet rs, int row) throws SQLException {
        return new StoredSubscription(
                rs.getString("id"),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("salesperson_id", UUID.class),
                rs.getString("resource"),
                rs.getString("client_state"),
                rs.getTimestamp("expires_at_utc").toInstant(),
                "active".equals(rs.getString("status")),
                rs.getString("m365_tenant_id"));
    }
}
