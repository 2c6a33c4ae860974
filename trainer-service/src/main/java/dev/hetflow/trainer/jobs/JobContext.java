package dev.hetflow.trainer.jobs;

import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.data.DeadLetters;
import dev.hetflow.trainer.events.TrainingEvents;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/** What every job run shares: storage, Kafka clients, events, the checkpointer, settings and the model factory. */
record JobContext(ObjectStore store, Supplier<Consumer<String, byte[]>> consumers, DeadLetters deadLetters,
        TrainingEvents events, Checkpointer checkpointer, TrainerConfig config, ModelFactory models) {
}
