package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.model.Batch;
import java.util.Map;

/** One pass over a split, batch by batch; never the whole split in memory. */
public interface BatchStream extends AutoCloseable {

    /** The next batch, or null at the end of the pass. */
    Batch next();

    /**
     * Where the pass stands: per partition, the offset of the first record not yet handed out in a batch (what a
     * resume seeks to).
     */
    Map<Integer, Long> positions();

    @Override
    void close();
}
