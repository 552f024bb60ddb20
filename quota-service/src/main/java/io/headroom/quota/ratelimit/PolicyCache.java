package io.headroom.quota.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headroom.quota.config.QuotaConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The plan data of projects, kept in this instance's memory so a decision reads no database
 * (spec/quota-service.md §3). A miss loads from PostgreSQL (concurrent misses share one load). An
 * entry older than the refresh interval is still served while a fresh copy loads in the
 * background, so another instance's change is seen within about one interval (3 s by default);
 * this instance's own changes {@link #forgetAccount drop} the entries, and any load begun before
 * them, at once. Unknown projects are remembered as absent for a third of the interval; past
 * {@code headroom.quota.policy-cache-size} entries the stale ones go, then all.
 */
@ApplicationScoped
public class PolicyCache {

    private static final Logger LOG = Logger.getLogger(PolicyCache.class);
    /**
     * A load that PostgreSQL does not answer in time fails (503), so no caller waits on it for good.
     * Generous: a cold instance's first load can take over a second on a busy machine.
     */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(3);

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Uni<Entry>> loading = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final PolicyLoader loader;
    private final long refreshNanos;
    private final int capacity;

    public PolicyCache(PolicyLoader loader, QuotaConfig config) {
        this.loader = loader;
        this.refreshNanos = config.quota().policyRefresh().toNanos();
        this.capacity = config.quota().policyCacheSize();
    }

    /** The project's policy, or null when the project does not exist. */
    public Uni<ProjectPolicy> get(String projectId) {
        Entry entry = entries.get(projectId);
        if (entry == null) {
            return loaded(projectId);
        }
        long age = System.nanoTime() - entry.loadedAt();
        if (age > (entry.policy() == null ? refreshNanos / 3 : refreshNanos)) {
            if (entry.policy() == null) {
                return loaded(projectId);
            }
            load(projectId).subscribe().with(fresh -> { }, e -> LOG.debugf("refreshing %s failed: %s", projectId, e));
        }
        return Uni.createFrom().item(entry.policy());
    }

    /** Drops every cached project of the account: its next decision reads the change. */
    public void forgetAccount(String accountId) {
        generation.incrementAndGet();
        loading.clear();
        entries.values().removeIf(e -> e.policy() != null && e.policy().accountId().equals(accountId));
    }

    /** Drops one project (created or deleted here). */
    public void forgetProject(String projectId) {
        generation.incrementAndGet();
        loading.remove(projectId);
        entries.remove(projectId);
    }

    /**
     * A load, answered on the caller's Vert.x context: concurrent misses share one load, which
     * completes on the context of the request that started it, and a caller that goes on to use
     * its own ORM session must not continue on another request's context.
     */
    private Uni<ProjectPolicy> loaded(String projectId) {
        Context caller = Vertx.currentContext();
        Uni<ProjectPolicy> policy = load(projectId).map(Entry::policy);
        return caller == null ? policy : policy.emitOn(task -> {
            if (Vertx.currentContext() == caller) {
                task.run();
            } else {
                caller.runOnContext(ignored -> task.run());
            }
        });
    }

    private Uni<Entry> load(String projectId) {
        return loading.computeIfAbsent(projectId, id -> Uni.createFrom().item(generation::get)
                .chain(started -> loader.load(id).ifNoItem().after(LOAD_TIMEOUT).fail()
                        .map(policy -> new Entry(policy, System.nanoTime()))
                        .invoke(entry -> remember(id, entry, started)))
                .eventually(() -> {
                    loading.remove(id);
                })
                .memoize().indefinitely());
    }

    /** Keeps a loaded entry, unless a change was forgotten meanwhile (the load may predate it). */
    private void remember(String projectId, Entry entry, long startedAt) {
        if (generation.get() != startedAt) {
            return;
        }
        if (entries.size() >= capacity) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> now - e.loadedAt() > refreshNanos);
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(projectId, entry);
    }

    private record Entry(ProjectPolicy policy, long loadedAt) {
    }
}
