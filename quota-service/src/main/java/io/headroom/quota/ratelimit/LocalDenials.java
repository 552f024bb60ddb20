package io.headroom.quota.ratelimit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refusals this instance already knows: while a window that refused a call is used up, every
 * further call of the same project and kind (and client IP) is refused without asking Redis
 * (spec/quota-service.md §3). An entry holds only while the project's policy and its limits at
 * the moment are the ones it was decided under, so a package or plan change (or a package that
 * starts or ends) lifts it at once here and within a policy refresh elsewhere. Time is Redis time, estimated from this JVM's clock and the offset seen at the refusal.
 */
final class LocalDenials {

    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** The refusal still in force for a call of {@code cost} under {@code key} at local time {@code localMillis}, or null. */
    Decision find(String key, ProjectPolicy policy, long localMillis, long cost) {
        Known denial = known.get(key);
        if (denial == null) {
            return null;
        }
        long redisMillis = localMillis + denial.offsetMillis();
        if (redisMillis >= denial.untilMillis() || !denial.policy().equals(policy)
                || !denial.limits().equals(policy.apiLimitsAt(Instant.ofEpochMilli(localMillis)))) {
            known.remove(key, denial);
            return null;
        }
        return denial.decision().at(redisMillis, cost);
    }

    /** Remembers a refusal when one of the windows that refused it is used up. */
    void remember(String key, ProjectPolicy policy, Decision decision, long localMillis) {
        if (decision.allowed() || !decision.enforced()) {
            return;
        }
        long until = 0;
        for (WindowCount count : decision.windows()) {
            if (count.exhausted()) {
                until = Math.max(until, count.resetAt() * 1000);
            }
        }
        if (until > decision.nowMillis()) {
            known.put(key, new Known(policy, policy.apiLimitsAt(Instant.ofEpochMilli(localMillis)), decision, until,
                    decision.nowMillis() - localMillis));
        }
    }

    /** Forgets refusals that have run out. */
    void forgetExpired(long localMillis) {
        known.values().removeIf(d -> localMillis + d.offsetMillis() >= d.untilMillis());
    }

    int size() {
        return known.size();
    }

    private record Known(ProjectPolicy policy, ApiLimits limits, Decision decision, long untilMillis,
            long offsetMillis) {
    }
}
