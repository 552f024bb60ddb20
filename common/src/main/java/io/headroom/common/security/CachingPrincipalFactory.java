package io.headroom.common.security;

import java.time.Clock;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * SmallRye JWT's verification with a {@link VerifiedTokenCache} in front: a token seen and
 * verified before is reused until its {@code exp}. A token that fails verification is never
 * cached, so a bad token costs a full verification every time.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CachingPrincipalFactory extends JWTCallerPrincipalFactory {

    /** At 1 KB a token this holds about 10 MB at most. */
    private static final int CAPACITY = 10_000;

    private final DefaultJWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final VerifiedTokenCache<JWTCallerPrincipal> cache;
    private final Counter hits;
    private final Counter verifications;

    public CachingPrincipalFactory(Clock clock, MeterRegistry registry) {
        this.cache = new VerifiedTokenCache<>(CAPACITY, clock);
        this.hits = registry.counter("headroom.jwt.cache.hits");
        this.verifications = registry.counter("headroom.jwt.verifications");
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        JWTCallerPrincipal cached = cache.get(token);
        if (cached != null) {
            hits.increment();
            return cached;
        }
        verifications.increment();
        JWTCallerPrincipal verified = verifier.parse(token, authContextInfo);
        cache.put(token, verified, verified.getExpirationTime());
        return verified;
    }
}
