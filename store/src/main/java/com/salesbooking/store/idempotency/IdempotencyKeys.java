package com.salesbooking.store.idempotency;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code idempotency_keys} rows of the api's Idempotency-Key handling (one row per tenant and key): claimed
 * {@code in_progress} by the request that runs, {@code completed} with the answer it stored, deleted when the answer
 * must not be kept (it may change on retry) or the key expired.
 */
@Repository
public class IdempotencyKeys {

    private final JdbcClient jdbc;

    public IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A key's row as stored. */
    public record StoredKey(
            String requestHash,
            boolean completed,
            Integer responseStatus,
            String responseBody,
            Instant createdAt,
            Instant expiresAt) {}

    /**
     * What {@link #claimOrRead} found: {@code claimed} (this request now owns the key, {@code stored} empty), or the
     * row another request owns ({@code stored} present), or neither (the owner released it between this statement's
     * insert and read: try again).
     */
    public record Claim(boolean claimed, Optional<StoredKey> stored) {}

    /**
     * Claims the key for a request in one round trip: inserts it {@code in_progress}, or, when it exists, reads it.
     * The read sees the row as of the statement's start, so a row inserted and released by a concurrent request in
     * between yields neither a claim nor a row.
     */
    public Claim claimOrRead(UUID tenantId, String key, String requestHash, Instant now, Instant expiresAt) {
        return jdbc.sql("""
                        WITH claimed AS (
                            INSERT INTO idempotency_keys (tenant_id, key, request_hash, state, created_at, expires_at)
                            VALUES (:tenant, :key, :hash, 'in_progress', :now, :expires)
                            ON CONFLICT (tenant_id, key) DO NOTHING
                            RETURNING 1)
                        SELECT true AS claimed, NULL AS request_hash, NULL AS state, NULL::integer AS response_status,
                               NULL AS response_body, NULL::timestamptz AS created_at, NULL::timestamptz AS expires_at
                          FROM claimed
                        UNION ALL
                        SELECT false, request_hash, state, response_status, response_body, created_at, expires_at
                          FROM idempotency_keys
                         WHERE tenant_id = :tenant AND key = :key AND NOT EXISTS (SELECT 1 FROM claimed)""")
                .param("tenant", tenantId)
                .param("key", key)
                .param("hash", requestHash)
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt))
                .query((rs, i) -> rs.getBoolean("claimed")
                        ? new Claim(true, Optional.empty())
                        : new Claim(
                                false,
                                Optional.of(new StoredKey(
                                        rs.getString("request_hash"),
                                        "completed".equals(rs.getString("state")),
                                        (Integer) rs.getObject("response_status"),
                                        rs.getString("response_body"),
                                        rs.getTimestamp("created_at").toInstant(),
                                        rs.getTimestamp("expires_at").toInstant()))))
                .optional()
                .orElse(new Claim(false, Optional.empty()));
    }

    /** The key's row, if any. */
    public Optional<StoredKey> find(UUID tenantId, String key) {
        return jdbc.sql("""
                        SELECT request_hash, state, response_status, response_body, created_at, expires_at
                          FROM idempotency_keys WHERE tenant_id = ? AND key = ?""")
                .params(tenantId, key)
                .query((rs, i) -> new StoredKey(
                        rs.getString(1),
                        "completed".equals(rs.getString(2)),
                        (Integer) rs.getObject(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant()))
                .optional();
    }

    /** Stores the answer of the request that holds the key. */
    public void complete(UUID tenantId, String key, int status, String body) {
        jdbc.sql("""
                        UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ?
                         WHERE tenant_id = ? AND key = ?""").params(status, body, tenantId, key).update();
    }

    /** Gives an unfinished key back (its answer may change on retry). */
    public void release(UUID tenantId, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE tenant_id = ? AND key = ? AND state = 'in_progress'")
                .params(tenantId, key)
                .update();
    }

    /** Deletes the key's row if it is still the expired one that was read (expiring at {@code expiresAt}). */
    public void deleteExpired(UUID tenantId, String key, Instant expiresAt) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE tenant_id = ? AND key = ? AND expires_at = ?")
                .params(tenantId, key, Timestamp.from(expiresAt))
                .update();
    }

    /**
     * Takes over a key whose request was abandoned (still {@code in_progress} since {@code claimedAt}): true for
     * exactly one of several requests trying at once.
     */
    public boolean takeOverAbandoned(UUID tenantId, String key, Instant claimedAt, Instant now) {
        return jdbc.sql("""
                                UPDATE idempotency_keys SET created_at = ? WHERE tenant_id = ? AND key = ?
                                   AND state = 'in_progress' AND created_at = ?""")
                        .params(Timestamp.from(now), tenantId, key, Timestamp.from(claimedAt))
                        .update()
                == 1;
    }
}
