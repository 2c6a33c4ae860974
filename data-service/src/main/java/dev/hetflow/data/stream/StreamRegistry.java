package dev.hetflow.data.stream;

import dev.hetflow.common.topics.Topics;
import dev.hetflow.data.config.DataConfig;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.tensor.DatasetSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Starts, tracks and stops streams. One stream per data set id at a time; a data set that is already complete is
 * not streamed again, and the records of an earlier run that did not complete are deleted before a new run.
 */
@ApplicationScoped
public class StreamRegistry {

    private static final Logger LOG = Logger.getLogger(StreamRegistry.class);

    private final TensorPublisher tensors;
    private final ManifestPublisher manifests;
    private final TopicAdmin topics;
    private final ExecutorService workers;
    private final Map<String, StreamJob> jobs = new ConcurrentHashMap<>();

    StreamRegistry(TensorPublisher tensors, ManifestPublisher manifests, TopicAdmin topics, DataConfig config) {
        this.tensors = tensors;
        this.manifests = manifests;
        this.topics = topics;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.concurrentStreams(), r -> {
            Thread t = new Thread(r, "stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts streaming {@code source}, or reports the existing data set or the stream already under way.
     * The source is already checked: nothing here can fail on bad input.
     */
    public StreamStatus start(DatasetSource source) {
        String id = DatasetManifest.idOf(source);
        DatasetManifest manifest = DatasetManifest.of(source, Topics.tensors(id));
        synchronized (jobs) {
            StreamJob running = jobs.get(id);
            if (running != null && !running.state().finished()) {
                return running.status();
            }
            if (manifests.isPublished(id)) {
                LOG.infof("dataset %s already published; not streaming it again", id);
                return new StreamStatus(id, manifest.source(), manifest.split(), StreamState.COMPLETE,
                        manifest.count(), manifest.count(), manifest.topic(), true, null, null, null);
            }
            StreamJob job = new StreamJob(source, manifest);
            jobs.put(id, job);
            workers.submit(() -> run(job));
            LOG.infof("dataset %s: stream queued, %d %s %s samples to %s", id, manifest.count(), manifest.source(),
                    manifest.split(), manifest.topic());
            return job.status();
        }
    }

    public Optional<StreamStatus> status(String id) {
        return Optional.ofNullable(jobs.get(id)).map(StreamJob::status);
    }

    public List<StreamStatus> all() {
        List<StreamStatus> out = new ArrayList<>();
        jobs.values().forEach(job -> out.add(job.status()));
        return out;
    }

    /** Asks a running stream to stop; returns its status, or empty when there is no such stream. */
    public Optional<StreamStatus> stop(String id) {
        StreamJob job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        job.requestStop();
        if (job.state() == StreamState.QUEUED) {
            job.finish(StreamState.STOPPED, "stopped before it started");
        }
        LOG.infof("dataset %s: stop requested", id);
        return Optional.of(job.status());
    }

    private void run(StreamJob job) {
        String id = job.manifest().id();
        if (job.stopRequested()) {
            return;
        }
        job.started();
        long started = System.nanoTime();
        try {
            String topic = job.manifest().topic();
            topics.ensureTensorTopic(topic);
            long stale = topics.truncate(topic);
            if (stale > 0) {
                LOG.infof("dataset %s: deleted %d records of an earlier run that did not complete", id, stale);
            }
            LOG.infof("dataset %s: streaming started", id);
            if (!tensors.publish(job)) {
                job.finish(StreamState.STOPPED, "stopped on request");
                LOG.infof("dataset %s: stopped after %d records", id, job.status().produced());
                return;
            }
            manifests.publish(job.manifest());
            job.finish(StreamState.COMPLETE, null);
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("dataset %s: complete, %d records in %.1f s (%.0f records/s)", id, job.status().produced(),
                    seconds, job.status().produced() / seconds);
        } catch (RuntimeException e) {
            job.finish(StreamState.FAILED, e.getMessage());
            LOG.errorf(e, "dataset %s: stream failed after %d records", id, job.status().produced());
        }
    }

    @PreDestroy
    void shutdown() {
        jobs.values().forEach(StreamJob::requestStop);
        workers.shutdown();
        try {
            workers.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
