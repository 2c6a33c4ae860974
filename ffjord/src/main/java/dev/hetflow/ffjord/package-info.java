/**
 * FFJORD (Grathwohl et al., ICLR 2019) on ND4J: continuous normalizing flows with hand-written forward-mode tangents
 * (for Hutchinson's trace estimator) and reverse passes.
 *
 * <p>Typical use:
 * <pre>{@code
 * ParameterStore.Builder params = ParameterStore.builder();
 * MlpDynamics f = new MlpDynamics(new MlpSpec(2, List.of(64, 64, 64), TimeConditioning.CONCATSQUASH,
 *         Activation.TANH), params, "cnf0");
 * ParameterStore store = params.build(DataType.FLOAT, seed);
 * SequentialFlow flow = new SequentialFlow(List.of(new Cnf(f, new CnfConfig(0.5,
 *         DivergenceMode.HUTCHINSON_RADEMACHER, SolverConfig.rk4(8),
 *         DivergenceMode.EXACT, SolverConfig.dopri5(1e-5, 1e-5), GradientMode.BACKPROP), seed)));
 * flow.bind(store);
 * DensityTrainer trainer = new DensityTrainer(flow, store, 1e-3);
 * double nll = trainer.step(batch);            // [B, D]
 * INDArray logp = flow.logDensity(x);         // encode x -> z with log-density, [B, 1]
 * INDArray samples = flow.decode(Nd4j.randn(DataType.FLOAT, n, 2));   // sample z -> x
 * float[] weights = store.toFloatArray();     // layout: store.slots() (name, offset, shape), row-major
 * }</pre>
 * Images: {@link dev.hetflow.ffjord.image.ImageFlow#build} with an {@link dev.hetflow.ffjord.image.ImageModelSpec},
 * data through {@link dev.hetflow.ffjord.image.Dequantizer}, scores via {@link dev.hetflow.ffjord.image.BitsPerDim}.
 */
package dev.hetflow.ffjord;
