package com.salesbooking.store.idempotency;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Removes {@code idempotency_keys} rows past their {@code expires_at} (24 h after the request), stored response bodies
 * included: a replay after that answers as a new request anyway, and the bodies hold customers' booking answers.
 */
@Repository
public class ExpiredIdempotencyKeys {

    private final JdbcClient jdbc;

    public ExpiredIdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes at most {@code limit} expired rows, oldest first, in one short statement: the inner select walks
     * {@code idempotency_keys_expires_idx} and stops at the limit, so a backlog never becomes one long transaction.
     *
     * @return how many rows were deleted (fewer than the limit: nothing expired is left)
     */
    public int deleteBatch(Instant now, int limit) {
        return jdbc.sql("""
                        DELETE FROM idempotency_keys WHERE (tenant_id, key) IN (
                            SELECT tenant_id, key FROM idempotency_keys WHERE expires_at < ? ORDER BY expires_at LIMIT ?)""").params(Timestamp.from(now), limit).update();
    }
}
