package dev.hetflow.trainer.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.jobs.JobEvents;
import dev.hetflow.common.models.ModelManifest;
import dev.hetflow.common.models.ModelPublished;
import dev.hetflow.common.storage.ObjectLayout;
import dev.hetflow.trainer.checkpoint.CheckpointRequest;
import dev.hetflow.trainer.checkpoint.Checkpointer;
import dev.hetflow.trainer.checkpoint.ModelVersions;
import dev.hetflow.trainer.checkpoint.StateCodec;
import dev.hetflow.trainer.checkpoint.TrainingState;
import dev.hetflow.trainer.data.KafkaEpochData;
import dev.hetflow.trainer.data.SplitRule;
import dev.hetflow.trainer.events.PublishedModels;
import dev.hetflow.trainer.loop.DivergenceGuard;
import dev.hetflow.trainer.loop.EpochReport;
import dev.hetflow.trainer.loop.LoopOutcome;
import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.loop.PlateauScheduler;
import dev.hetflow.trainer.loop.StepReport;
import dev.hetflow.trainer.loop.StopCriteria;
import dev.hetflow.trainer.loop.TrainingFailedException;
import dev.hetflow.trainer.loop.TrainingListener;
import dev.hetflow.trainer.loop.TrainingLoop;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.GenerativeModel;
import dev.hetflow.trainer.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One job from start (or its last checkpoint) to its end: builds the model and the Kafka epochs, runs the loop with
 * the status, event and checkpoint listeners, writes the final version and publishes it once. Told to pause (the
 * trainer is stopping), it checkpoints at the current step and persists PAUSED; told to cancel, CANCELLED; when its
 * lease is no longer held it stops without writing anything, since another trainer may own the job now. Object-store
 * outages are retried (the policy in the {@link JobContext}) and reported in the status's {@code lastOutage}.
 */
final class JobRun implements Runnable {

    private static final Logger LOG = Logger.getLogger(JobRun.class);

    private final String jobId;
    private final JobSpec spec;
    private final JobContext ctx;
    private final StatusBoard board;
    private final JobControl control;
    private KafkaEpochData data;
    private long deadLetteredBefore;
    private final List<Map<String, Double>> curve = new ArrayList<>();
    private GenerativeModel model;
    private DatasetInfo dataset;
    private long lastCheckpointIteration = -1;
    private final Map<String, Double> metrics = new LinkedHashMap<>();

    JobRun(String jobId, JobSpec spec, JobContext ctx, StatusBoard board, AtomicBoolean cancel) {
        this(jobId, spec, ctx, board, JobControl.cancellable(cancel));
    }

    JobRun(String jobId, JobSpec spec, JobContext ctx, StatusBoard board, JobControl control) {
        this.jobId = jobId;
        this.spec = spec;
        this.ctx = ctx;
        this.board = board;
        this.control = control;
    }

    @Override
    public void run() {
        long iteration = 0;
        try {
            dataset = DatasetInfo.load(ctx.store(), spec.datasetId());
            SampleShape shape = dataset.trainedShape(spec.layout());
            model = ctx.models().create(spec, shape);
            LoopPosition from = ctx.retry().call("read the last checkpoint of " + jobId, this::resume, this::outage);
            iteration = from.iteration();
            deadLetteredBefore = board.get(jobId).map(JobStatus::deadLettered).orElse(0L);
            board.persist(jobId, s -> s.with(JobState.RUNNING, null));
            ctx.events().job(EventTypes.JOB_STARTED, jobId, new JobEvents.Started(jobId, spec.model().family(),
                    spec.datasetId(), jobId, from.iteration()));
            LOG.infof("job %s: %s on %s (%s) started at iteration %d", jobId, spec.model(), spec.datasetId(),
                    shape, from.iteration());
            TrainingLoop loop = loop(shape);
            LoopOutcome outcome = loop.run(from);
            iteration = outcome.position().iteration();
            if (outcome.reason() == LoopOutcome.Reason.CANCELLED && !control.leaseHeld().getAsBoolean()) {
                LOG.warnf("job %s: lease lost at iteration %d; stopped without writing (another trainer may own it)",
                        jobId, iteration);
                return;
            }
            if (outcome.reason() == LoopOutcome.Reason.CANCELLED && !control.cancel().get()) {
                pause(outcome.position());
                return;
            }
            if (outcome.reason() == LoopOutcome.Reason.CANCELLED) {
                board.persist(jobId, s -> s.with(JobState.CANCELLED, "cancelled"));
                ctx.events().job(EventTypes.JOB_FINISHED, jobId, new JobEvents.Finished(jobId, "CANCELLED",
                        outcome.position().iteration(), jobId, board.get(jobId).orElseThrow().lastVersion()));
                LOG.infof("job %s: cancelled at iteration %d", jobId, outcome.position().iteration());
                return;
            }
            finish(outcome);
        } catch (Checkpointer.VersionTakenException e) {
            LOG.warnf("job %s: %s; stopped without writing", jobId, e.getMessage());
        } catch (TrainingFailedException | IllegalArgumentException | IllegalStateException
                | RetryPolicy.OutageException e) {
            fail(board.get(jobId).map(JobStatus::iteration).orElse(iteration), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: unexpected failure", jobId);
            fail(iteration, e.toString());
        } finally {
            if (model != null) {
                model.close();
            }
        }
    }

    private TrainingLoop loop(SampleShape shape) {
        TrainerConfig.LearningRate lr = ctx.config().learningRate();
        PlateauScheduler scheduler = new PlateauScheduler(new PlateauScheduler.Settings(spec.learningRate(),
                Math.min(lr.minimum(), spec.learningRate()), lr.factor(), lr.patience(), lr.threshold()));
        TrainerConfig.Divergence d = ctx.config().divergence();
        DivergenceGuard guard = new DivergenceGuard(model, scheduler, d.nfeLimit(), d.maxFailures(),
                d.snapshotEvery());
        KafkaEpochData data = new KafkaEpochData(ctx.consumers(), dataset.topic(), spec.datasetId(), dataset.shape(),
                shape, spec.batchSize(), new SplitRule(ctx.config().validationModulus()),
                ctx.deadLetters().reportingTo(this::outage),
                dataset.freshNoise());
        StopCriteria stop = new StopCriteria(spec.maxEpochs(), spec.maxIterations(), spec.earlyStopPatience());
        this.data = data;
        return new TrainingLoop(model, data, stop, scheduler, guard, List.of(new Listener()), control::stopRequested);
    }

    /** The last checkpoint's state restored into the model, or the start. */
    private LoopPosition resume() {
        int version = ModelVersions.latest(ctx.store(), jobId);
        if (version == 0) {
            return LoopPosition.start();
        }
        ModelManifest manifest = EventJson.read(ctx.store().get(ObjectLayout.modelFile(jobId, version,
                ObjectLayout.MANIFEST)), ModelManifest.class);
        TrainingState state = StateCodec.decode(ctx.store().get(ObjectLayout.modelFile(jobId, version,
                ObjectLayout.STATE), manifest.file(ObjectLayout.STATE).sha256()));
        model.restore(state.model());
        curve.addAll(manifest.curve());
        lastCheckpointIteration = state.position().iteration();
        board.update(jobId, s -> s.versions(version, s.publishedVersion()));
        LOG.infof("job %s: resuming from v%d at iteration %d", jobId, version, state.position().iteration());
        return state.position();
    }

    /** Checkpoints where the loop stopped (unless nothing new was trained) and leaves the job PAUSED. */
    private void pause(LoopPosition position) {
        if (position.iteration() > Math.max(lastCheckpointIteration, 0)) {
            checkpoint(position);
        }
        board.persist(jobId, s -> s.with(JobState.PAUSED, "paused by a stopping trainer at iteration "
                + position.iteration()));
        LOG.infof("job %s: paused at iteration %d (checkpoint v%d); the next trainer resumes it", jobId,
                position.iteration(), board.get(jobId).orElseThrow().lastVersion());
    }

    private Checkpointer.Written checkpoint(LoopPosition position) {
        if (!control.leaseHeld().getAsBoolean()) {
            throw new Checkpointer.VersionTakenException("the lease of " + jobId + " is no longer held");
        }
        JsonNode job = EventJson.mapper().valueToTree(spec);
        Checkpointer.Written w = ctx.checkpointer().write(new CheckpointRequest(jobId, jobId, model,
                new TrainingState(model.snapshot(), position), job, dataset.manifest(), spec.seed(),
                Map.copyOf(metrics), List.copyOf(curve)), this::outage);
        lastCheckpointIteration = position.iteration();
        board.persist(jobId, s -> s.versions(w.version(), s.publishedVersion()).deadLettered(deadLettered()));
        int published = board.get(jobId).orElseThrow().publishedVersion();
        List<Integer> pruned = ctx.retry().call("prune the old versions of " + jobId,
                () -> ctx.retention().prune(jobId, v -> v == published), this::outage);
        if (!pruned.isEmpty()) {
            LOG.infof("job %s: deleted old versions %s (keeping the last %d and the published one)", jobId, pruned,
                    ctx.config().checkpointRetention());
        }
        ctx.events().job(EventTypes.CHECKPOINT_WRITTEN, jobId, new JobEvents.CheckpointWritten(jobId, jobId,
                w.version(), position.iteration(), w.manifestKey()));
        LOG.infof("job %s: checkpoint v%d at iteration %d", jobId, w.version(), position.iteration());
        return w;
    }

    private void finish(LoopOutcome outcome) {
        JobStatus status = board.get(jobId).orElseThrow();
        int version = status.lastVersion();
        if (outcome.position().iteration() != lastCheckpointIteration) {
            version = checkpoint(outcome.position()).version();
        }
        int published = status.publishedVersion();
        if (version > published) {
            // status.json may lag the topic after a crash between the two: the topic is the truth
            published = Math.max(published, new PublishedModels(ctx.consumers()).latestVersion(jobId));
        }
        if (version > published) {
            // both kinds (ffjord, snf) write their ONNX sampler and encoder into every version
            String key = ObjectLayout.modelFile(jobId, version, ObjectLayout.MANIFEST);
            String sha = dev.hetflow.common.storage.Sha256.of(ctx.store().get(key));
            ctx.events().model(EventTypes.MODEL_PUBLISHED, jobId, new ModelPublished(jobId, version,
                    spec.model().family(), key, sha, spec.datasetId()), this::outage);
            published = version;
            LOG.infof("job %s: published model %s v%d", jobId, jobId, version);
        }
        int v = version;
        int p = published;
        board.persist(jobId, s -> s.versions(v, p).with(JobState.FINISHED, outcome.reason().name()));
        ctx.events().job(EventTypes.JOB_FINISHED, jobId, new JobEvents.Finished(jobId, outcome.reason().name(),
                outcome.position().iteration(), jobId, version));
        LOG.infof("job %s: finished (%s) at iteration %d", jobId, outcome.reason(), outcome.position().iteration());
    }

    private long deadLettered() {
        return deadLetteredBefore + (data == null ? 0 : data.deadLettered());
    }

    /** A retried object-store or Kafka write: the job carries on, and its status says so. */
    private void outage(String what, int attempt, java.time.Duration outage, RuntimeException error) {
        String line = Outages.line(what, attempt, outage, error);
        board.outage(jobId, line);
        LOG.warnf("job %s: %s", jobId, line);
    }

    private void fail(long iteration, String reason) {
        LOG.errorf("job %s: failed at iteration %d: %s", jobId, iteration, reason);
        board.persist(jobId, s -> s.with(JobState.FAILED, reason));
        ctx.events().job(EventTypes.JOB_FAILED, jobId, new JobEvents.Failed(jobId, iteration, reason));
    }

    /** Status, events and checkpoints as the loop reports. */
    private final class Listener implements TrainingListener {

        @Override
        public void onStep(StepReport step, LoopPosition position) {
            Double eta = eta(step);
            long rejected = deadLettered();
            board.update(jobId, s -> s.step(step.epoch(), step.iteration(), step.result().loss(),
                    step.result().nfe(), step.learningRate(), step.samplesPerSec(), eta).deadLettered(rejected));
            if (step.iteration() % spec.checkpointInterval() == 0) {
                checkpoint(position);
            }
        }

        private Double eta(StepReport step) {
            double itPerSec = step.samplesPerSec() / spec.batchSize();
            if (itPerSec <= 0 || spec.maxIterations() == Long.MAX_VALUE) {
                return null;
            }
            return (spec.maxIterations() - step.iteration()) / itPerSec;
        }

        @Override
        public void onEpoch(EpochReport e, LoopPosition position) {
            Map<String, Double> point = new LinkedHashMap<>();
            point.put("epoch", (double) e.epoch());
            point.put("iteration", (double) e.iteration());
            point.put("train_bits_per_dim", e.trainBitsPerDim());
            point.put("valid_bits_per_dim", e.validBitsPerDim());
            point.put("valid_bits_per_dim_train_solver", e.validBitsPerDimTrainSolver());
            point.put("learning_rate", e.learningRate());
            curve.add(point);
            metrics.put("bits_per_dim", e.validBitsPerDim());
            metrics.put("bits_per_dim_train_solver", e.validBitsPerDimTrainSolver());
            metrics.put("train_bits_per_dim", e.trainBitsPerDim());
            long rejected = deadLettered();
            board.persist(jobId, s -> s.epochEnd(e.trainBitsPerDim(), e.validBitsPerDim(),
                    e.validBitsPerDimTrainSolver(), e.evaluationMethod(), e.learningRate()).deadLettered(rejected));
            ctx.events().job(EventTypes.JOB_PROGRESSED, jobId, new JobEvents.Progressed(jobId, e.epoch(),
                    e.iteration(), e.trainBitsPerDim(), e.validBitsPerDim(), e.learningRate(), e.samplesPerSec(),
                    e.validBitsPerDimTrainSolver(), e.evaluationMethod()));
            LOG.infof("job %s: epoch %d done at iteration %d, bits/dim train %.4f valid %.4f (%s; training solver "
                    + "%.4f, NFE %d), lr %.2e", jobId, e.epoch(), e.iteration(), e.trainBitsPerDim(),
                    e.validBitsPerDim(), e.evaluationMethod(), e.validBitsPerDimTrainSolver(), e.validationNfe(),
                    e.learningRate());
        }

        @Override
        public void onRollback(DivergenceGuard.Rollback r) {
            board.update(jobId, s -> s.step(s.epoch(), s.iteration(), s.loss(), s.nfe(), r.learningRate(),
                    s.samplesPerSec(), s.etaSeconds()));
            ctx.events().job(EventTypes.JOB_ROLLED_BACK, jobId, new JobEvents.RolledBack(jobId, r.iteration(),
                    r.reason(), r.restoredStep(), r.learningRate(), r.failures()));
            LOG.warnf("job %s: rolled back at iteration %d (%s) to step %d, lr %.2e, failure %d", jobId,
                    r.iteration(), r.reason(), r.restoredStep(), r.learningRate(), r.failures());
        }
    }
}
