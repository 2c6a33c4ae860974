package dev.hetflow.trainer.jobs;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.checkpoint.Retention;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.events.TrainingEvents;
import dev.hetflow.trainer.metrics.TrainerMetrics;
import dev.hetflow.trainer.retry.RetryPolicy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Accepts, runs, lists and cancels jobs. Jobs are persisted in the object store; at start-up every job that is not
 * finished, failed or cancelled is resumed from its last checkpoint, by whichever trainer holds its {@link JobLease}.
 * Stopping the trainer (SIGTERM, SIGINT) pauses its jobs: the running one checkpoints at its current step and both it
 * and the queued ones stay resumable; only {@link #cancel} ends a job for good.
 */
@ApplicationScoped
public class JobManager {

    private static final Logger LOG = Logger.getLogger(JobManager.class);

    private final TrainerConfig config;
    private final ObjectStore store;
    private final JobStore jobs;
    private final Map<String, Object> kafka;
    private final String codeVersion;
    private final TrainerMetrics metrics;
    private final StatusBoard board;
    private final Outages outages;
    private final Map<String, JobControl> controls = new ConcurrentHashMap<>();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private long rounds;
    private JobContext context;
    private JobLease lease;
    private Producer<String, byte[]> producer;
    private ExecutorService executor;
    private ScheduledExecutorService keeper;

    JobManager(TrainerConfig config, ObjectStore store, JobStore jobs, StatusBoard board, Outages outages,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String codeVersion,
            TrainerMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.store = store;
        this.jobs = jobs;
        this.board = board;
        this.outages = outages;
        this.kafka = kafka;
        this.codeVersion = codeVersion;
    }

    void start(@Observes StartupEvent event) {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), config.maxOutage());
        producer = KafkaClients.producer(kafka, "hetflow-trainer");
        DeadLetters deadLetters = new DeadLetters(producer, retry);
        metrics.deadLetters(deadLetters);
        context = new JobContext(store,
                () -> metrics.withLag(KafkaClients.consumer(kafka, "hetflow-trainer-epochs")),
                deadLetters, new TrainingEvents(producer, retry),
                new Checkpointer(store, codeVersion, retry), config, ModelFactory.standard(), retry,
                new Retention(store, config.checkpointRetention()));
        lease = new JobLease(store, owner(), config.lease().ttl(), config.lease().confirmDelay(), outages);
        executor = Executors.newFixedThreadPool(config.concurrentJobs(), r -> {
            Thread t = new Thread(r, "trainer-job");
            t.setDaemon(true);
            return t;
        });
        keeper = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "trainer-lease");
            t.setDaemon(true);
            return t;
        });
        // renewals every second once due (a failed one is tried again a second later, not a whole period), on a
        // thread of their own: adoption and relaunches read the store with retries and must not hold them up
        keeper.scheduleWithFixedDelay(this::renewLeases, 1, 1, TimeUnit.SECONDS);
        long every = config.lease().renewEvery().toMillis();
        keeper.scheduleWithFixedDelay(this::keepLeases, every, every, TimeUnit.MILLISECONDS);
        try {
            resumeUnfinished();
        } catch (RuntimeException e) {
            // the service still starts (readiness reports the object store); jobs resume at the next start
            LOG.errorf("cannot list persisted jobs at start-up: %s", e.getMessage());
        }
    }

    /** The pod's name (HOSTNAME in Kubernetes) and a random suffix: a restarted pod is a new owner. */
    private static String owner() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("trainer");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void resumeUnfinished() {
        for (String id : adoptUnknownJobs()) {
            launch(id, jobs.spec(id));
        }
    }

    /**
     * Puts every persisted job this trainer does not know yet on the board; returns the unfinished ones. A job whose
     * files cannot be read is listed as UNREADABLE and the others still come.
     */
    private List<String> adoptUnknownJobs() {
        List<String> unfinished = new java.util.ArrayList<>();
        for (String id : jobs.jobIds()) {
            if (board.get(id).filter(s -> s.state() != JobState.UNREADABLE).isPresent()) {
                continue;
            }
            try {
                JobStatus status = jobs.status(id).orElse(JobStatus.queued(id, 0));
                jobs.spec(id);
                board.put(status);
                metrics.track(id, () -> board.get(id));
                if (!status.state().terminal()) {
                    LOG.infof("job %s: found unfinished (%s), resuming", id, status.state());
                    unfinished.add(id);
                }
            } catch (RuntimeException e) {
                // one unreadable job must not keep the others from resuming
                if (board.get(id).isEmpty()) {
                    LOG.errorf("job %s: unreadable, not resumed: %s", id, e.getMessage());
                }
                board.put(JobStatus.unreadable(id, "cannot read the job's files: " + e.getMessage()));
            }
        }
        return unfinished;
    }

    /**
     * Tries again the jobs another trainer held (they resume here once that lease expires) or this one lost (an
     * outage longer than the TTL), and every third round looks for jobs submitted to another trainer, which this one
     * takes over if that one dies.
     */
    private void renewLeases() {
        for (String id : Set.copyOf(lease.heldJobs())) {
            try {
                if (lease.due(id, config.lease().renewEvery())) {
                    lease.renew(id);
                }
            } catch (RuntimeException e) {
                LOG.warnf("job %s: lease renewal failed: %s", id, e.getMessage());
            }
        }
    }

    private void keepLeases() {
        try {
            if (++rounds % 3 == 0) {
                waiting.addAll(adoptUnknownJobs());
            }
            for (String id : Set.copyOf(waiting)) {
                if (!stopping && !controls.containsKey(id)) {
                    launch(id, jobs.spec(id));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("lease upkeep failed, retrying in %s: %s", config.lease().renewEvery(), e.getMessage());
        }
    }

    /**
     * Pauses every job: the running ones finish their step and checkpoint, the queued ones are left as they are
     * persisted; waits up to {@code shutdown-grace} and gives the leases back.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        controls.values().forEach(c -> c.pause().set(true));
        LOG.infof("stopping: pausing %d job(s), waiting up to %s", controls.size(), config.shutdownGrace());
        executor.shutdown();
        keeper.shutdownNow();
        try {
            if (!executor.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("a job did not pause within %s; it resumes from its last checkpoint",
                        config.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Validates the spec, persists it and queues the job; returns its queued status. */
    public JobStatus submit(JobSpec request) {
        JobSpec spec = request.withDefaults(config);
        DatasetInfo.load(store, spec.datasetId()).trainedShape(spec.layout());
        String id = "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jobs.saveSpec(id, spec);
        JobStatus queued = JobStatus.queued(id, spec.learningRate());
        board.persist(queued);
        LOG.infof("job %s: submitted (%s on %s)", id, spec.model(), spec.datasetId());
        launch(id, spec);
        return queued;
    }

    private void launch(String id, JobSpec spec) {
        metrics.track(id, () -> board.get(id));
        JobControl control = new JobControl(new AtomicBoolean(), new AtomicBoolean(stopping),
                () -> lease.isHeld(id));
        controls.put(id, control);
        executor.submit(() -> {
            try {
                if (stopping || control.cancel().get()) {
                    return; // stays as persisted (queued or paused) for the next trainer
                }
                if (!acquire(id)) {
                    if (waiting.add(id)) {
                        LOG.infof("job %s: another trainer holds its lease; trying again every %s", id,
                                config.lease().renewEvery());
                    }
                    return;
                }
                waiting.remove(id);
                try {
                    // the lease holder before may have moved the job on: start from what it persisted
                    Optional<JobStatus> persisted = jobs.status(id);
                    persisted.ifPresent(board::put);
                    if (persisted.isPresent() && persisted.get().state().terminal()) {
                        return;
                    }
                    new JobRun(id, spec, context, board, control).run();
                    if (!lease.isHeld(id) && !stopping) {
                        // stopped because the lease lapsed: whoever holds it next (this trainer too) resumes the job
                        waiting.add(id);
                    }
                } finally {
                    lease.release(id);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "job %s: could not be run", id);
            } finally {
                controls.remove(id);
            }
        });
    }

    /** The job's lease, or false while another trainer holds it or the store cannot say (both retried later). */
    private boolean acquire(String id) {
        try {
            return lease.tryAcquire(id);
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot read or write its lease: %s", id, e.getMessage());
            return false;
        }
    }

    public List<JobStatus> list() {
        return board.all();
    }

    public Optional<JobStatus> status(String id) {
        return board.get(id);
    }

    public Optional<JobSpec> spec(String id) {
        return board.get(id).map(s -> jobs.spec(id));
    }

    /**
     * Cancels a job for good: a running or queued one is asked to stop, a paused one (no trainer runs it) is marked
     * cancelled at once. False when the job is unknown or already over.
     */
    public boolean cancel(String id) {
        JobControl control = controls.get(id);
        if (control != null) {
            control.cancel().set(true);
            LOG.infof("job %s: cancel requested", id);
            return true;
        }
        Optional<JobStatus> status = board.get(id);
        if (status.isPresent() && status.get().state() == JobState.PAUSED) {
            board.persist(id, s -> s.with(JobState.CANCELLED, "cancelled while paused"));
            LOG.infof("job %s: cancelled while paused", id);
            return true;
        }
        return false;
    }
}
