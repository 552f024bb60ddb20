package io.headroom.common.id;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Ids with a type prefix and a random, URL-safe part (spec/conventions.md): {@code acc_},
 * {@code prj_}, {@code org_}, {@code proc_}, {@code pkg_}, {@code ntf_}, {@code msg_}.
 */
public final class Ids {

    public static final String ACCOUNT = "acc_";
    public static final String PROJECT = "prj_";
    public static final String ORGANIZATION = "org_";
    public static final String PROCESS = "proc_";
    public static final String API_PACKAGE = "pkg_";
    public static final String NOTIFICATION = "ntf_";
    public static final String MESSAGE = "msg_";
    /** A distribution: one send of a message to its recipients (not among conventions.md's prefixes). */
    public static final String DISTRIBUTION = "dst_";
    /** A webhook call from an integration (not among conventions.md's prefixes, which name no such object). */
    public static final String WEBHOOK_CALL = "whc_";

    /** What a client-supplied id may look like after its prefix: URL-safe, 1 to 64 characters. */
    public static final String RANDOM_PART = "[A-Za-z0-9_-]{1,64}";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    /** A new id: the prefix and 16 random bytes (128 bits), base64url. */
    public static String next(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + ENCODER.encodeToString(bytes);
    }

    /** Whether {@code id} is a well-formed id of the kind {@code prefix}. */
    public static boolean isValid(String prefix, String id) {
        return id != null && id.startsWith(prefix)
                && Pattern.matches(RANDOM_PART, id.substring(prefix.length()));
    }
}
