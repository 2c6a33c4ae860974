package dev.hetflow.data.stream;

import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.tensor.DatasetSource;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One run of a stream: its source, progress and outcome. Thread-safe. */
final class StreamJob {

    private final DatasetSource source;
    private final DatasetManifest manifest;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicReference<StreamState> state = new AtomicReference<>(StreamState.QUEUED);
    private final AtomicReference<Throwable> sendFailure = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile String message;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;

    StreamJob(DatasetSource source, DatasetManifest manifest) {
        this.source = source;
        this.manifest = manifest;
    }

    DatasetSource source() {
        return source;
    }

    DatasetManifest manifest() {
        return manifest;
    }

    void started() {
        startedAt = Instant.now();
        state.set(StreamState.RUNNING);
    }

    void acknowledged() {
        produced.incrementAndGet();
    }

    /** First failure reported by a send callback; the stream breaks off at the next record. */
    void sendFailed(Throwable failure) {
        sendFailure.compareAndSet(null, failure);
    }

    Throwable sendFailure() {
        return sendFailure.get();
    }

    void requestStop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    void finish(StreamState outcome, String why) {
        message = why;
        finishedAt = Instant.now();
        state.set(outcome);
    }

    StreamState state() {
        return state.get();
    }

    StreamStatus status() {
        return new StreamStatus(manifest.id(), manifest.source(), manifest.split(), state.get(), manifest.count(),
                produced.get(), manifest.topic(), false, message, startedAt, finishedAt);
    }
}
