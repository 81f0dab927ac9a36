package com.salesbooking.api.operator;

import com.salesbooking.platform.BookingProperties.InvalidSettingException;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code booking.operator.api-keys} ({@code OPERATOR_API_KEYS}): the platform operator's keys, comma-separated.
 * Each entry is {@code [label=]sha256:<64 hex>} (the SHA-256 of the key, so the configuration holds no key) or
 * {@code [label=]<key>} (the key itself, from a secret reference such as a Key Vault secret), at least 32
 * characters. The label, or the hash's first 12 hex digits, is the key's id in audit logs. Empty: the operator
 * endpoints answer 401 to everybody. A malformed entry stops the start-up, naming the variable.
 */
@ConfigurationProperties("booking.operator")
public record OperatorProperties(String apiKeys) {

    static final String SETTING = "booking.operator.api-keys";
    static final String VARIABLE = "OPERATOR_API_KEYS";
    private static final String EXPECTED = "comma-separated [label=]sha256:<64 hex digits> or [label=]<key of at least "
            + "32 characters>, labels of letters, digits, '.', '_' or '-'";
    private static final Pattern ENTRY = Pattern.compile("(?:([A-Za-z0-9._-]{1,40})=)?(.+)");
    private static final Pattern HASHED = Pattern.compile("sha256:([0-9a-fA-F]{64})");
    /** 32 characters of a generated key are well over 128 bits; anything shorter is a password, not a key. */
    static final int MIN_PLAIN_LENGTH = 32;

    /** One configured key: its id for audit logs and the SHA-256 (hex, lower case) it is compared by. */
    public record OperatorKey(String id, String sha256Hex) {
        @Override
        public String toString() {
            return "OperatorKey[" + id + "]";
        }
    }

    public OperatorProperties {
        keys(apiKeys);
    }

    /** The configured keys, parsed (the constructor has validated them). */
    public List<OperatorKey> keys() {
        return keys(apiKeys);
    }

    @Override
    public String toString() {
        return "OperatorProperties[" + keys().size() + " keys]";
    }

    private static List<OperatorKey> keys(String spec) {
        List<OperatorKey> keys = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return keys;
        }
        for (String raw : spec.split(",")) {
            String entry = raw.trim();
            Matcher m = ENTRY.matcher(entry);
            if (entry.isEmpty() || !m.matches()) {
                throw new InvalidSettingException(SETTING, VARIABLE, EXPECTED);
            }
            String value = m.group(2).trim();
            String hash;
            Matcher hashed = HASHED.matcher(value);
            if (hashed.matches()) {
                hash = hashed.group(1).toLowerCase(java.util.Locale.ROOT);
            } else if (value.startsWith("sha256:")
                    || value.length() < MIN_PLAIN_LENGTH
                    || value.chars().anyMatch(c -> c <= 0x20)) {
                throw new InvalidSettingException(SETTING, VARIABLE, EXPECTED);
            } else {
                hash = sha256Hex(value);
            }
            String id = m.group(1) != null ? m.group(1) : "sha256:" + hash.substring(0, 12);
            if (keys.stream().anyMatch(k -> k.id().equals(id) || k.sha256Hex().equals(hash))) {
                throw new InvalidSettingException(SETTING, VARIABLE, EXPECTED + "; each key and label once");
            }
            keys.add(new OperatorKey(id, hash));
        }
        return List.copyOf(keys);
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
