package dev.hetflow.trainer.jobs;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Outages the trainer rides out in operations that SmallRye Fault Tolerance or the lease keeper retry (status and
 * spec writes, lease renewals): each failed attempt goes into the job's {@code lastOutage} (in memory; the next
 * status write carries it), and the log gets one line when an operation first fails and one when it works again,
 * with how long it failed, not a line per attempt. Tracked per job and operation.
 */
@Singleton
final class Outages {

    private static final Logger LOG = Logger.getLogger(Outages.class);

    private record Open(long sinceNanos, int attempts) {
    }

    private final BiConsumer<String, String> status;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    @Inject
    Outages(StatusBoard board) {
        this(board::outage);
    }

    /** @param status told (job id, outage line) at each failed attempt; must not write to the store */
    Outages(BiConsumer<String, String> status) {
        this.status = status;
    }

    /** Logs only, reports to no job's status: for a {@link JobStore} or {@link JobLease} built without CDI (tests). */
    static Outages logOnly() {
        return new Outages((jobId, line) -> { });
    }

    /** The line a job's status carries: what, how long it has been failing, the attempt, the error. */
    static String line(String what, int attempt, Duration failingFor, Throwable error) {
        return what + ": failing for " + failingFor.toSeconds() + " s (attempt " + attempt + "), retrying: "
                + error.getMessage();
    }

    /**
     * An attempt of {@code what} for the job failed and will be tried again.
     *
     * @param jobId the job, null for an operation of no job (listing the jobs): then only logged
     */
    void retrying(String jobId, String what, Throwable error) {
        long now = System.nanoTime();
        Open o = open.merge(key(jobId, what), new Open(now, 1),
                (old, first) -> new Open(old.sinceNanos(), old.attempts() + 1));
        if (jobId != null) {
            status.accept(jobId, line(what, o.attempts(), Duration.ofNanos(now - o.sinceNanos()), error));
        }
        if (o.attempts() == 1) {
            LOG.warnf("%s%s failed, retrying until it works: %s", prefix(jobId), what, error.getMessage());
        }
    }

    /** {@code what} worked: ends its outage, if it had one, with a line saying how long it lasted. */
    void over(String jobId, String what) {
        if (open.isEmpty()) {
            return;
        }
        Open o = open.remove(key(jobId, what));
        if (o != null) {
            LOG.infof("%s%s works again after %d s (%d failed attempts)", prefix(jobId), what,
                    Duration.ofNanos(System.nanoTime() - o.sinceNanos()).toSeconds(), o.attempts());
        }
    }

    /** {@code what} is no longer tried (a released lease): its outage, if any, ends without a line. */
    void forget(String jobId, String what) {
        open.remove(key(jobId, what));
    }

    private static String prefix(String jobId) {
        return jobId == null ? "" : "job " + jobId + ": ";
    }

    private static String key(String jobId, String what) {
        return jobId + " " + what;
    }
}
