package dev.hetflow.sampler.fidelity;

import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import dev.hetflow.sampler.sampling.ServingSteps;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Serves a model with the fewest solver steps that keep its label fidelity: judges samples drawn at its own steps and
 * at 1, 2, 4, ... below them, and serves the fewest that keep it. PIV: the samples pass the PIV judge, and so do those
 * at the model's own steps (a model that fails at its own steps keeps them: fewer steps cannot be shown to keep
 * anything). MNIST: the digit judge's agreement is within {@link #AGREEMENT_SLACK} of the agreement at the model's
 * own steps. Each FFJORD step costs the same, so half the steps is half the sampler's CPU per sample.
 */
@ApplicationScoped
public class StepsCalibration {

    private static final Logger LOG = Logger.getLogger(StepsCalibration.class);
    /** Agreement a digit model may lose to fewer steps: about one standard error of 64 judged digits at 0.9. */
    static final double AGREEMENT_SLACK = 0.03;

    private final LabelFidelity fidelity;
    private final ModelRegistry registry;
    private final ServingSteps servingSteps;

    StepsCalibration(LabelFidelity fidelity, ModelRegistry registry, ServingSteps servingSteps) {
        this.fidelity = fidelity;
        this.registry = registry;
        this.servingSteps = servingSteps;
    }

    /**
     * One judged step count.
     *
     * @param keeps     whether its samples keep the fidelity of the model's own steps (see the class comment)
     * @param generated the judge's measure: label RMS in px (PIV) or agreement (MNIST)
     */
    public record Point(int steps, boolean keeps, double generated, int generatedInvalid) {
    }

    /**
     * @param modelSteps   the steps the model was trained and exported with
     * @param servingSteps the steps requests without their own now get
     * @param sweep        the judge at each step count tried, fewest first
     */
    public record Result(String modelId, int version, int modelSteps, int servingSteps, List<Point> sweep) {
    }

    /** @throws IllegalArgumentException for a model without a solver or without a label judge */
    public Result calibrate(String modelId, Integer version, int n, long seed) {
        int resolved;
        int own;
        try (ModelLease lease = registry.lease(modelId, version)) {
            resolved = lease.model().version();
            if (lease.model().signature().stepsInput() == null) {
                throw new IllegalArgumentException("model " + modelId + " has no solver: nothing to calibrate");
            }
            own = lease.model().signature().defaultSteps();
        }
        FidelityReport reference = fidelity.measure(modelId, resolved, n, seed, own);
        List<Point> sweep = new ArrayList<>();
        for (int steps = 1; steps < own; steps *= 2) {
            sweep.add(point(fidelity.measure(modelId, resolved, n, seed, steps), reference, steps));
        }
        sweep.add(point(reference, reference, own));
        int chosen = fewestKeeping(sweep);
        if (chosen == own) {
            servingSteps.forget(modelId, resolved);
        } else {
            servingSteps.choose(modelId, resolved, chosen);
        }
        LOG.infof("model %s v%d: served with %d solver steps (its own: %d; judged at %s)", modelId, resolved, chosen,
                own, sweep.stream().map(p -> p.steps() + (p.keeps() ? " keeps it" : " does not")).toList());
        return new Result(modelId, resolved, own, chosen, sweep);
    }

    /**
     * The fewest steps of a sweep whose last point is the model's own steps: those of the first point that keeps the
     * fidelity, or the model's own when they do not keep it themselves.
     */
    static int fewestKeeping(List<Point> sweep) {
        Point own = sweep.get(sweep.size() - 1);
        return own.keeps() ? sweep.stream().filter(Point::keeps).mapToInt(Point::steps).min().orElseThrow()
                : own.steps();
    }

    private static Point point(FidelityReport r, FidelityReport reference, int steps) {
        boolean keeps = r.piv() != null ? r.piv().passes() && reference.piv().passes()
                : r.generated() >= reference.generated() - AGREEMENT_SLACK;
        return new Point(steps, keeps, r.generated(), r.generatedInvalid());
    }
}
