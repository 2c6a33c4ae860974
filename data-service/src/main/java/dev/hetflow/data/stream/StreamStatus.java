package dev.hetflow.data.stream;

import java.time.Instant;

/**
 * A stream as the REST API reports it.
 *
 * @param datasetId        the data set (and stream) id
 * @param source           piv, mnist or cifar10
 * @param split            train or test
 * @param state            queued, running, complete, stopped, failed
 * @param count            samples to stream
 * @param produced         samples acknowledged by the broker so far
 * @param topic            where the records go
 * @param alreadyPublished true when the data set existed and nothing was streamed again
 * @param message          why it failed, or null
 * @param startedAt        when the stream started, null while queued
 * @param finishedAt       when it finished, null before
 */
public record StreamStatus(String datasetId, String source, String split, StreamState state, long count,
                           long produced, String topic, boolean alreadyPublished, String message, Instant startedAt,
                           Instant finishedAt) {
}
