package dev.hetflow.trainer.jobs;

import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.storage.ObjectStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One writer per job: {@code jobs/<id>/lease.json} names the trainer that may write the job's checkpoints and status.
 * It is created only if absent ({@code If-None-Match: *}), renewed by its holder with {@code If-Match} on its own
 * ETag, and taken over by another trainer only after that trainer has seen it unchanged (same ETag) for the lease's
 * time to live on its own clock, again with {@code If-Match}, so clocks need not agree. S3Proxy's filesystem backend
 * checks the condition and writes in two steps; a new lease is therefore read back after {@code confirmDelay} and
 * counts only if it still names this trainer. A holder that cannot renew for a whole TTL treats the lease as lost and
 * stops writing; checkpoint versions are created only if absent as a second line.
 */
final class JobLease {

    private static final Logger LOG = Logger.getLogger(JobLease.class);
    private static final String JSON = "application/json";

    /**
     * The lease's content.
     *
     * @param owner     the holding trainer
     * @param renewedAt when the holder last renewed it (for people; takeover goes by the reader's own clock)
     * @param ttlMillis the holder's time to live
     */
    record Holder(String owner, Instant renewedAt, long ttlMillis) {
    }

    private record Held(String etag, long renewedNanos) {
    }

    private record Seen(String etag, long sinceNanos) {
    }

    private final ObjectStore store;
    private final String owner;
    private final Duration ttl;
    private final Duration confirmDelay;
    private final Outages outages;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** @param outages told of each failed renewal (the job's status) and when renewals work again */
    JobLease(ObjectStore store, String owner, Duration ttl, Duration confirmDelay, Outages outages) {
        this.store = store;
        this.outages = outages;
        this.owner = owner;
        this.ttl = ttl;
        this.confirmDelay = confirmDelay;
    }

    static String key(String jobId) {
        return "jobs/" + jobId + "/lease.json";
    }

    String owner() {
        return owner;
    }

    /** Takes the job's lease if it is free, ours, or expired; false while another trainer holds it. */
    boolean tryAcquire(String jobId) {
        String key = key(jobId);
        Optional<ObjectStore.Versioned> current = store.getVersioned(key);
        Optional<ObjectStore.Versioned> written;
        if (current.isEmpty()) {
            written = store.putIfAbsent(key, body(), JSON);
        } else {
            Holder h = holder(current.get());
            String etag = current.get().etag();
            if (!owner.equals(h.owner())) {
                long now = System.nanoTime();
                Seen s = seen.compute(jobId, (k, old) -> old != null && old.etag().equals(etag) ? old
                        : new Seen(etag, now));
                long expiry = Math.max(ttl.toMillis(), h.ttlMillis()) * 1_000_000L;
                if (now - s.sinceNanos() < expiry) {
                    return false;
                }
                LOG.infof("job %s: lease of %s unchanged for %d s, taking it over", jobId, h.owner(),
                        (now - s.sinceNanos()) / 1_000_000_000L);
            }
            written = store.replaceIfMatch(key, body(), JSON, etag);
        }
        if (written.isEmpty()) {
            return false;
        }
        sleep(confirmDelay);
        Optional<ObjectStore.Versioned> after = store.getVersioned(key);
        if (after.isEmpty() || !owner.equals(holder(after.get()).owner())) {
            LOG.infof("job %s: lease taken by another trainer at the same moment", jobId);
            return false;
        }
        held.put(jobId, new Held(after.get().etag(), System.nanoTime()));
        seen.remove(jobId);
        LOG.infof("job %s: lease acquired by %s", jobId, owner);
        return true;
    }

    /**
     * Renews a held lease; false once it is lost (taken over, or not renewed for a whole TTL). A failed renewal (the
     * keeper tries again a second later) is an outage of the job: in its status, and logged once when it starts and
     * once when renewals work again.
     */
    boolean renew(String jobId) {
        Held h = held.get(jobId);
        if (h == null) {
            return false;
        }
        try {
            Optional<ObjectStore.Versioned> w = store.replaceIfMatch(key(jobId), body(), JSON, h.etag());
            if (w.isEmpty()) {
                held.remove(jobId);
                LOG.warnf("job %s: lease lost to another trainer", jobId);
                return false;
            }
            held.put(jobId, new Held(w.get().etag(), System.nanoTime()));
            outages.over(jobId, renewal(jobId));
            return true;
        } catch (ObjectStoreException e) {
            outages.retrying(jobId, renewal(jobId), e);
            return isHeld(jobId);
        }
    }

    /** True when the lease is held and its last renewal is at least {@code age} old (or it was never renewed). */
    boolean due(String jobId, Duration age) {
        Held h = held.get(jobId);
        return h != null && System.nanoTime() - h.renewedNanos() >= age.toNanos();
    }

    /** True while the lease is ours and was renewed within the TTL. */
    boolean isHeld(String jobId) {
        Held h = held.get(jobId);
        return h != null && System.nanoTime() - h.renewedNanos() < ttl.toNanos();
    }

    java.util.Set<String> heldJobs() {
        return held.keySet();
    }

    /** Gives the lease up (a paused, finished, failed or cancelled job) so the next trainer need not wait. */
    void release(String jobId) {
        Held h = held.remove(jobId);
        if (h == null) {
            return;
        }
        outages.forget(jobId, renewal(jobId));
        try {
            Optional<ObjectStore.Versioned> current = store.getVersioned(key(jobId));
            if (current.isPresent() && owner.equals(holder(current.get()).owner())) {
                store.delete(key(jobId));
            }
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot release the lease (it expires in %s): %s", jobId, ttl, e.getMessage());
        }
    }

    private static String renewal(String jobId) {
        return "renew " + key(jobId);
    }

    private byte[] body() {
        return EventJson.write(new Holder(owner, Instant.now(), ttl.toMillis()));
    }

    private static Holder holder(ObjectStore.Versioned v) {
        try {
            return EventJson.read(v.bytes(), Holder.class);
        } catch (RuntimeException e) {
            return new Holder("unreadable lease", Instant.EPOCH, 0);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while confirming a lease", e);
        }
    }
}
