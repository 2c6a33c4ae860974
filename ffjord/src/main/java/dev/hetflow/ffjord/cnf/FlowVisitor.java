package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.image.ChannelPermutation;
import dev.hetflow.ffjord.image.ClassExpansion;
import dev.hetflow.ffjord.image.FactorOut;
import dev.hetflow.ffjord.image.LogitTransform;
import dev.hetflow.ffjord.image.PairCellExpansion;
import dev.hetflow.ffjord.image.PairExpansion;
import dev.hetflow.ffjord.image.Squeeze;

/**
 * One method per kind of {@link FlowLayer}: what walks the real layer tree (the ONNX export) implements it, and a new
 * layer kind is a new method here, so every walker fails to compile until it handles the layer.
 */
public interface FlowVisitor<R> {

    R sequential(SequentialFlow flow);

    R cnf(Cnf block);

    R logit(LogitTransform layer);

    R squeeze(Squeeze layer);

    R factorOut(FactorOut layer);

    R channelPermutation(ChannelPermutation layer);

    R pairExpansion(PairExpansion layer);

    R classExpansion(ClassExpansion layer);

    R pairCellExpansion(PairCellExpansion layer);
}
