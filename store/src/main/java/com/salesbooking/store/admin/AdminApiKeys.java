package com.salesbooking.store.admin;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tenant admin API keys ({@code admin_api_keys}): stored as SHA-256 hashes, each belonging to one tenant. A key is
 * 32 random bytes, so a fast hash is right here (a password would need a slow one), and the key alone finds its
 * tenant. The key itself exists only in the answer that creates it.
 */
@Repository
public class AdminApiKeys {

    /** {@code last_used_at} is written at most this often per key: one write per minute, not one per request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored key that matched: its id and tenant. */
    public record KeyMatch(UUID keyId, UUID tenantId) {}

    /** A key as listed (never the key or its hash). */
    public record KeyEntry(UUID id, String label, Instant createdAt, Instant lastUsedAt) {}

    /** A new key: {@code apiKey} is shown once and never stored. */
    public record NewKey(UUID id, String apiKey) {}

    private record Stored(UUID id, UUID tenantId, String hash) {}

    private final JdbcClient jdbc;

    public AdminApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The live key with this value. The row is found by the hash (an index look-up; timing it tells nothing about
     * the key, only about its SHA-256) and the hashes are then compared in constant time.
     */
    public Optional<KeyMatch> match(String presentedKey, Instant now) {
        byte[] presented = hash(presentedKey).getBytes(StandardCharsets.US_ASCII);
        Optional<KeyMatch> match = jdbc.sql(
                        "SELECT id, tenant_id, key_hash FROM admin_api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .param(new String(presented, StandardCharsets.US_ASCII))
                .query((rs, i) -> new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3)))
                .optional()
                .filter(k -> MessageDigest.isEqual(presented, k.hash().getBytes(StandardCharsets.US_ASCII)))
                .map(k -> new KeyMatch(k.id(), k.tenantId()));
        match.ifPresent(m -> jdbc.sql("""
                        UPDATE admin_api_keys SET last_used_at = ?
                         WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)""")
                .params(Timestamp.from(now), m.keyId(), Timestamp.from(now.minus(LAST_USED_RESOLUTION)))
                .update());
        return match;
    }

    /** Makes a key for the tenant; the caller shows {@link NewKey#apiKey()} once. */
    public NewKey create(UUID tenantId, String label, Instant now) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String apiKey = "sbk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO admin_api_keys (id, tenant_id, name, key_hash, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, tenantId, label, hash(apiKey), Timestamp.from(now))
                .update();
        return new NewKey(id, apiKey);
    }

    public List<KeyEntry> list(UUID tenantId) {
        return jdbc.sql("""
                        SELECT id, name, created_at, last_used_at FROM admin_api_keys
                         WHERE tenant_id = ? AND revoked_at IS NULL ORDER BY created_at, id""")
                .param(tenantId)
                .query((rs, i) -> new KeyEntry(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** The outcome of a delete. */
    public enum Revocation {
        REVOKED,
        NOT_FOUND,
        LAST_KEY
    }

    /**
     * Revokes one of the tenant's keys unless it is the last live one. The tenant's live keys are locked first, so
     * two concurrent deletes cannot leave none.
     */
    public Revocation revoke(UUID tenantId, UUID keyId, Instant now) {
        List<UUID> live = jdbc.sql(
                        "SELECT id FROM admin_api_keys WHERE tenant_id = ? AND revoked_at IS NULL FOR UPDATE")
                .param(tenantId)
                .query(UUID.class)
                .list();
        if (!live.contains(keyId)) {
            return Revocation.NOT_FOUND;
        }
        if (live.size() == 1) {
            return Revocation.LAST_KEY;
        }
        jdbc.sql("UPDATE admin_api_keys SET revoked_at = ? WHERE id = ?")
                .params(Timestamp.from(now), keyId)
                .update();
        return Revocation.REVOKED;
    }

    /** SHA-256 of the key, lower-case hex, as stored. */
    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
