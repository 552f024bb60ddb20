package io.headroom.common.testing;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.headroom.common.security.Roles;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Mints tokens for tests, signed with the test key ({@code smallrye.jwt.sign.key.location} in the
 * {@code test} profile) unless a method says otherwise.
 */
public final class Tokens {

    public static final String ISSUER = "https://headroom.local";

    private Tokens() {
    }

    public static String platformAdmin() {
        return claims("operator", Set.of(Roles.PLATFORM_ADMIN), null, Map.of()).sign();
    }

    public static String gateway() {
        return claims("gateway", Set.of(Roles.GATEWAY), null, Map.of()).sign();
    }

    public static String owner(String accountId) {
        return claims("owner-of-" + accountId, Set.of(Roles.OWNER), accountId, Map.of()).sign();
    }

    public static String member(String accountId) {
        return member(accountId, Map.of());
    }

    public static String member(String accountId, Map<String, String> projectRoles) {
        return claims("member-of-" + accountId, Set.of(Roles.MEMBER), accountId, projectRoles).sign();
    }

    /** A well-formed token whose {@code exp} has passed. */
    public static String expired(String accountId) {
        return claims("late", Set.of(Roles.OWNER), accountId, Map.of())
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign();
    }

    /** An owner's token, properly signed, naming its user by {@code upn} only: no {@code sub}. */
    public static String withoutSubject(String accountId) {
        return Jwt.issuer(ISSUER).upn("ann@example.com").groups(Set.of(Roles.OWNER)).claim("account_id", accountId)
                .expiresIn(3600).sign();
    }

    /** A platform-admin token signed with a key the services do not trust. */
    public static String forged() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey stranger = generator.generateKeyPair().getPrivate();
            return claims("mallory", Set.of(Roles.PLATFORM_ADMIN), null, Map.of()).sign(stranger);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JwtClaimsBuilder claims(String subject, Set<String> groups, String accountId,
            Map<String, String> projectRoles) {
        JwtClaimsBuilder builder = Jwt.issuer(ISSUER).subject(subject).groups(groups).expiresIn(3600);
        if (accountId != null) {
            builder.claim("account_id", accountId);
        }
        if (!projectRoles.isEmpty()) {
            builder.claim("project_roles", projectRoles);
        }
        return builder;
    }
}
