package dev.hetflow.trainer.events;

import dev.hetflow.common.events.CloudEvent;
import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.trainer.retry.RetryPolicy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends the trainer's CloudEvents (binary mode): job lifecycle on {@link Topics#TRAINING_EVENTS} keyed by job id,
 * model.published on {@link Topics#MODELS} keyed by model id. Publication waits for the broker's acknowledgement, so
 * a job only records a version as published once the event is durable.
 */
public final class TrainingEvents {

    public static final String SOURCE = "/hetflow/trainer";

    private final Producer<String, byte[]> producer;
    private final RetryPolicy retry;

    public TrainingEvents(Producer<String, byte[]> producer) {
        this(producer, RetryPolicy.DEFAULT);
    }

    public TrainingEvents(Producer<String, byte[]> producer, RetryPolicy retry) {
        this.producer = producer;
        this.retry = retry;
    }

    /**
     * A job event, not awaited: the idempotent producer retries it itself with backoff ({@code retry.backoff.ms} up to
     * {@code retry.backoff.max.ms}) until {@code delivery.timeout.ms} (2 minutes), in order.
     */
    public void job(String type, String jobId, Object payload) {
        send(Topics.TRAINING_EVENTS, CloudEvent.json(SOURCE, type, jobId, EventJson.write(payload)), false);
    }

    /**
     * A model event, acknowledged before returning; a timed-out send is retried under the policy and each failed
     * attempt told to {@code outages} (the job's status).
     */
    public void model(String type, String modelId, Object payload, RetryPolicy.Listener outages) {
        CloudEvent event = CloudEvent.json(SOURCE, type, modelId, EventJson.write(payload));
        retry.run("publish " + type + " for " + modelId, () -> send(Topics.MODELS, event, true), outages);
    }

    private void send(String topic, CloudEvent event, boolean await) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(), event.data());
        CloudEventHeaders.write(event, record.headers());
        var future = producer.send(record);
        if (await) {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing " + event.type(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot publish " + event.type() + " for " + event.subject() + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
