package dev.hetflow.trainer.jobs;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.checkpoint.Retention;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.events.TrainingEvents;
import dev.hetflow.trainer.retry.RetryPolicy;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * What every job run shares: storage, Kafka clients, events, the checkpointer, settings, the model factory, the retry
 * policy for object-store reads and the checkpoint retention.
 */
record JobContext(ObjectStore store, Supplier<Consumer<String, byte[]>> consumers, DeadLetters deadLetters,
        TrainingEvents events, Checkpointer checkpointer, TrainerConfig config, ModelFactory models, RetryPolicy retry,
        Retention retention) {

    /** With the default retry policy and the configured retention. */
    JobContext(ObjectStore store, Supplier<Consumer<String, byte[]>> consumers, DeadLetters deadLetters,
            TrainingEvents events, Checkpointer checkpointer, TrainerConfig config, ModelFactory models) {
        this(store, consumers, deadLetters, events, checkpointer, config, models, RetryPolicy.DEFAULT,
                new Retention(store, config.checkpointRetention()));
    }
}
