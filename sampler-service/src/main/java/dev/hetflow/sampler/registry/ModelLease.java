package dev.hetflow.sampler.registry;

import java.util.concurrent.atomic.AtomicBoolean;

/** A request's hold on one model version: its sessions stay open until the lease is closed (once). */
public final class ModelLease implements AutoCloseable {

    private final LoadedModel model;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModelLease(LoadedModel model) {
        this.model = model;
    }

    public LoadedModel model() {
        return model;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.release();
        }
    }
}
