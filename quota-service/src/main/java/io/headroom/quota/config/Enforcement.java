package io.headroom.quota.config;

import jakarta.enterprise.context.ApplicationScoped;

/** Whether limits are enforced here: in production yes; on staging nothing is refused, usage is still counted. */
@ApplicationScoped
public class Enforcement {

    /** The response header that tells a caller nothing was enforced. */
    public static final String HEADER = "X-Headroom-Enforced";

    private final boolean enforced;

    public Enforcement(QuotaConfig config) {
        this.enforced = config.environment() == QuotaConfig.Environment.PRODUCTION;
    }

    public boolean enforced() {
        return enforced;
    }
}
