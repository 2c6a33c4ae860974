package dev.hetflow.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.stack.LocalStack;
import dev.hetflow.stack.LocalStackTestResource;
import dev.hetflow.stack.SharedLocalStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The S3 server stopped while a job's status is written and its lease renewed, in the service as deployed: the
 * status write retried by SmallRye Fault Tolerance and the failed renewals both reach the job's {@code lastOutage},
 * the retried write carries it into status.json, and the log has one line when each starts failing and one when it
 * works again, not a line per attempt.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class StoreOutageReportTest {

    @Inject
    StatusBoard board;

    @Inject
    JobStore jobs;

    @Inject
    Outages outages;

    @Inject
    ObjectStore store;

    @Test
    void outagesOfStatusWritesAndLeaseRenewalsAreInTheJobsStatusAndLoggedOncePerOutage() throws Exception {
        String jobId = "job-outage-" + System.nanoTime();
        String statusWrite = "write jobs/" + jobId + "/status.json";
        String renewal = "renew jobs/" + jobId + "/lease.json";
        board.persist(JobStatus.queued(jobId, 0.005));
        JobLease lease = new JobLease(store, "outage-test", Duration.ofSeconds(60), Duration.ofMillis(100), outages);
        assertTrue(lease.tryAcquire(jobId));
        LocalStack stack = SharedLocalStack.get();
        ProcessHandle s3 = ProcessHandle.of(stack.s3Pid()).orElseThrow();
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(Outages.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String message = r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage()
                        : r.getMessage();
                logged.add(r.getLevel() + " " + message);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        ExecutorService outage = Executors.newSingleThreadExecutor();
        try {
            Future<?> down = outage.submit(() -> {
                stack.outageOfS3(Duration.ofSeconds(2));
                return null;
            });
            s3.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

            for (int i = 0; i < 3; i++) {
                assertTrue(lease.renew(jobId), "still held: the TTL is 60 s");
            }
            String afterRenewals = board.get(jobId).orElseThrow().lastOutage();
            assertNotNull(afterRenewals, "failed renewals are reported");
            assertTrue(afterRenewals.startsWith(renewal + ": failing for ") && afterRenewals.contains("(attempt 3)"),
                    afterRenewals);

            // blocks while SmallRye Fault Tolerance retries it, until the S3 server answers again
            board.persist(jobId, s -> s.with(JobState.RUNNING, null));
            down.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(lease.renew(jobId), "renewed once S3 is back");

            JobStatus status = board.get(jobId).orElseThrow();
            assertEquals(JobState.RUNNING, status.state());
            assertNotNull(status.lastOutage(), "the status write's outage is reported");
            assertTrue(status.lastOutage().startsWith(statusWrite + ": failing for ")
                    && status.lastOutage().contains("(attempt "), status.lastOutage());
            JobStatus persisted = jobs.status(jobId).orElseThrow();
            assertEquals(JobState.RUNNING, persisted.state());
            assertNotNull(persisted.lastOutage(), "the retried write carried the outage into status.json");
            assertTrue(persisted.lastOutage().startsWith(statusWrite + ": failing for "), persisted.lastOutage());

            System.out.printf("OUTAGE status: %s%nOUTAGE log: %s%n", status.lastOutage(),
                    logged.stream().filter(l -> l.contains(jobId)).toList());
            assertEquals(1, count(logged, "WARN", renewal + " failed"), logged.toString());
            assertEquals(1, count(logged, "INFO", renewal + " works again after "), logged.toString());
            assertTrue(logged.stream().anyMatch(l -> l.contains(renewal + " works again after ")
                    && l.endsWith("(3 failed attempts)")), logged.toString());
            assertEquals(1, count(logged, "WARN", statusWrite + " failed"), logged.toString());
            assertEquals(1, count(logged, "INFO", statusWrite + " works again after "), logged.toString());
        } finally {
            log.removeHandler(capture);
            outage.shutdown();
            outage.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            lease.release(jobId);
        }
    }

    private static long count(List<String> lines, String level, String text) {
        return lines.stream().filter(l -> l.startsWith(level + " ") && l.contains(text)).count();
    }
}
