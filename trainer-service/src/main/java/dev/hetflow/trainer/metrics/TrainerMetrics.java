package dev.hetflow.trainer.metrics;

import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.jobs.JobState;
import dev.hetflow.trainer.jobs.JobStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The trainer's figures at {@code /q/metrics}: per job its state (one gauge per state, 1 for the current one), loss,
 * bits/dim, NFE, samples/s, epoch; the epoch consumers' Kafka metrics (records-lag-max is the consumer lag); records
 * sent to the dead-letter topic.
 */
@ApplicationScoped
public class TrainerMetrics {

    private final MeterRegistry meters;
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();

    public TrainerMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Registers the job's gauges once; they read its live status at every scrape. */
    public void track(String jobId, Supplier<Optional<JobStatus>> status) {
        if (!tracked.add(jobId)) {
            return;
        }
        for (JobState state : JobState.values()) {
            Gauge.builder("hetflow.trainer.job.state", status,
                    s -> s.get().map(j -> j.state() == state ? 1.0 : 0.0).orElse(0.0))
                    .tags("job", jobId, "state", state.name()).description("1 for the job's current state")
                    .register(meters);
        }
        gauge("hetflow.trainer.job.loss", jobId, status, JobStatus::loss);
        gauge("hetflow.trainer.job.bits.per.dim", jobId, status, JobStatus::trainBitsPerDim, "split", "train");
        // validation with the evaluation solver, and with the training solver (the figure comparable to train)
        gauge("hetflow.trainer.job.bits.per.dim", jobId, status, JobStatus::validBitsPerDim, "split", "valid");
        gauge("hetflow.trainer.job.bits.per.dim", jobId, status, JobStatus::validBitsPerDimTrainSolver, "split",
                "valid-train-solver");
        gauge("hetflow.trainer.job.nfe", jobId, status, j -> j.nfe());
        gauge("hetflow.trainer.job.samples.per.second", jobId, status, JobStatus::samplesPerSec);
        gauge("hetflow.trainer.job.epoch", jobId, status, j -> j.epoch());
        gauge("hetflow.trainer.job.iteration", jobId, status, j -> j.iteration());
    }

    private void gauge(String name, String jobId, Supplier<Optional<JobStatus>> status,
                       ToDoubleFunction<JobStatus> value, String... tags) {
        Gauge.builder(name, status, s -> s.get().map(value::applyAsDouble).orElse(Double.NaN))
                .tags("job", jobId).tags(tags).register(meters);
    }

    /** Counts what {@code deadLetters} sends (hetflow_trainer_records_dead_lettered_total). */
    public void deadLetters(DeadLetters deadLetters) {
        FunctionCounter.builder("hetflow.trainer.records.dead.lettered", deadLetters, DeadLetters::sent)
                .description("records put on hetflow.deadletter with a reason").register(meters);
    }

    /**
     * Binds the consumer's own metrics (kafka_consumer_fetch_manager_records_lag_max: the consumer lag) until it is
     * closed; the returned consumer unbinds them when closed.
     */
    @SuppressWarnings("unchecked")
    public Consumer<String, byte[]> withLag(Consumer<String, byte[]> consumer) {
        KafkaClientMetrics binding = new KafkaClientMetrics(consumer);
        binding.bindTo(meters);
        return (Consumer<String, byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
                new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        binding.close();
                    }
                    try {
                        return method.invoke(consumer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
