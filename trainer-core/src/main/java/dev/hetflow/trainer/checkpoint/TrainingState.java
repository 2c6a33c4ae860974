package dev.hetflow.trainer.checkpoint;

import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.model.ModelSnapshot;

/** What state.bin holds: the model's snapshot and where the loop stood (epoch, iteration, Kafka positions). */
public record TrainingState(ModelSnapshot model, LoopPosition position) {
}
