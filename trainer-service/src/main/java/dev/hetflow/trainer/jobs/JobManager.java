package dev.hetflow.trainer.jobs;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.data.KafkaClients;
import dev.hetflow.trainer.events.TrainingEvents;
import dev.hetflow.trainer.metrics.TrainerMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Accepts, runs, lists and cancels jobs. Jobs are persisted in the object store; at start-up every job that is not
 * finished, failed or cancelled is resumed from its last checkpoint.
 */
@ApplicationScoped
public class JobManager {

    private static final Logger LOG = Logger.getLogger(JobManager.class);

    private final TrainerConfig config;
    private final ObjectStore store;
    private final String bootstrap;
    private final String codeVersion;
    private final TrainerMetrics metrics;
    private final Map<String, AtomicBoolean> cancels = new ConcurrentHashMap<>();
    private JobStore jobs;
    private StatusBoard board;
    private JobContext context;
    private Producer<String, byte[]> producer;
    private ExecutorService executor;

    JobManager(TrainerConfig config, ObjectStore store,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String codeVersion,
            TrainerMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.store = store;
        this.bootstrap = bootstrap;
        this.codeVersion = codeVersion;
    }

    void start(@Observes StartupEvent event) {
        jobs = new JobStore(store);
        board = new StatusBoard(jobs);
        producer = KafkaClients.producer(bootstrap, "hetflow-trainer");
        DeadLetters deadLetters = new DeadLetters(producer);
        metrics.deadLetters(deadLetters);
        context = new JobContext(store,
                () -> metrics.withLag(KafkaClients.consumer(bootstrap, "hetflow-trainer-epochs")),
                deadLetters, new TrainingEvents(producer), new Checkpointer(store, codeVersion), config,
                ModelFactory.standard());
        executor = Executors.newFixedThreadPool(config.concurrentJobs(), r -> {
            Thread t = new Thread(r, "trainer-job");
            t.setDaemon(true);
            return t;
        });
        try {
            resumeUnfinished();
        } catch (RuntimeException e) {
            // the service still starts (readiness reports the object store); jobs resume at the next start
            LOG.errorf("cannot scan persisted jobs at start-up: %s", e.getMessage());
        }
    }

    private void resumeUnfinished() {
        for (String id : jobs.jobIds()) {
            JobStatus status = jobs.status(id).orElse(JobStatus.queued(id, 0));
            board.put(status);
            metrics.track(id, () -> board.get(id));
            if (!status.state().terminal()) {
                LOG.infof("job %s: found unfinished (%s) at start-up, resuming", id, status.state());
                launch(id, jobs.spec(id));
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        cancels.values().forEach(c -> c.set(true));
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }

    /** Validates the spec, persists it and queues the job; returns its queued status. */
    public JobStatus submit(JobSpec request) {
        JobSpec spec = request.withDefaults(config);
        DatasetInfo.load(store, spec.datasetId()).trainedShape(spec.layout());
        String id = "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jobs.saveSpec(id, spec);
        JobStatus queued = JobStatus.queued(id, spec.learningRate());
        board.put(queued);
        jobs.saveStatus(queued);
        LOG.infof("job %s: submitted (%s on %s)", id, spec.model(), spec.datasetId());
        launch(id, spec);
        return queued;
    }

    private void launch(String id, JobSpec spec) {
        metrics.track(id, () -> board.get(id));
        AtomicBoolean cancel = new AtomicBoolean();
        cancels.put(id, cancel);
        executor.submit(() -> {
            try {
                new JobRun(id, spec, context, board, cancel).run();
            } finally {
                cancels.remove(id);
            }
        });
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

    /** Asks a running or queued job to stop; false when the job is unknown or already over. */
    public boolean cancel(String id) {
        AtomicBoolean flag = cancels.get(id);
        if (flag == null) {
            return false;
        }
        flag.set(true);
        LOG.infof("job %s: cancel requested", id);
        return true;
    }
}
