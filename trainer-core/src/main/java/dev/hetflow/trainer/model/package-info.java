/**
 * One model abstraction: a model kind is one {@link dev.hetflow.trainer.model.ModelSpec} record that builds a
 * {@link dev.hetflow.trainer.model.GenerativeModel}, and the model trains, evaluates, samples, encodes, exports and
 * snapshots itself. The trainer service, the experiments and the benchmarks call only these two types.
 *
 * <h2>The kinds</h2>
 * <ul>
 * <li>{@link dev.hetflow.trainer.model.FfjordMlpSpec} ({@code "kind": "ffjord-mlp"}): CNF blocks with MLP dynamics
 *     on the flattened sample;</li>
 * <li>{@link dev.hetflow.trainer.model.FfjordConvSpec} ({@code "ffjord-conv"}): the paper's multiscale conv
 *     FFJORD;</li>
 * <li>{@link dev.hetflow.trainer.model.SnfSpec} ({@code "snf"}): the Sylvester-flow VAE with its flow type.</li>
 * </ul>
 * A job's JSON names one with {@code "model": {"kind": ..., fields...}}; fields left out take the kind's defaults
 * (the compact constructors fill them) and a value out of range is refused with an {@link IllegalArgumentException}
 * that names the field (the services answer it with 400 and that message). Today's earlier shape,
 * {@code "model": "ffjord"} with an {@code ffjord}, {@code ffjordConv} or {@code snf} object beside it, is read by
 * {@link dev.hetflow.trainer.model.LegacyModelJson} into the same records.
 *
 * <p>FFJORD specs own two solvers ({@link dev.hetflow.trainer.model.SolverSpec}): the fixed-step
 * {@code trainSolver} that training backpropagates through, which sampling, encoding and the exported ONNX graphs
 * also integrate with, and the {@code evalSolver} (default Dormand-Prince at tolerance 1e-5, as FFJORD evaluates)
 * that reported bits/dim come from; {@link dev.hetflow.trainer.model.Evaluation} carries both figures.
 *
 * <h2>Adding a kind</h2>
 * A new kind is one record plus its builder. Say a RealNVP with coupling layers:
 * <ol>
 * <li>Write {@code record RealNvpSpec(Integer couplings, List<Integer> hidden) implements ModelSpec} in this
 *     package: its compact constructor fills defaults for nulls and validates; {@code family()} names what the
 *     sampler serves (a new family needs the sampler to know its signature); {@code build(shape, seed)} returns the
 *     model.</li>
 * <li>Add it to {@link dev.hetflow.trainer.model.ModelSpec}'s {@code permits} clause and its
 *     {@code @JsonSubTypes} with the kind's name, e.g. {@code "realnvp"}.</li>
 * <li>Write its builder: a {@code GenerativeModel} (package-private, like {@code FfjordModel} and
 *     {@code SnfModel}). If it is a flow of the ffjord module's layers, its {@code export} is one call to
 *     {@link dev.hetflow.trainer.export.FfjordOnnx#graphs}; a new layer type implements
 *     {@code FlowLayer.accept} and gets a method in {@code FlowVisitor}, so the exporter fails to compile until it
 *     writes that layer.</li>
 * </ol>
 * Nothing else changes: the job API reads the new kind from its JSON, the trainer builds and trains it through
 * {@code GenerativeModel}, checkpoints call {@code export}, and the experiments can name the spec in a preset.
 *
 * <h2>Learning rate and optimizer</h2>
 * {@code trainStep(batch, learningRate)} takes the rate from its caller: the training loop's
 * {@link dev.hetflow.trainer.loop.PlateauScheduler} is its one owner (divergence rollbacks lower it there). Every
 * kind steps with the one Adam of the optim module.
 */
package dev.hetflow.trainer.model;
