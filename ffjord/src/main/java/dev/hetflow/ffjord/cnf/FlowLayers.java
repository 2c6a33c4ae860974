package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.image.FactorOut;
import dev.hetflow.ffjord.image.LogitTransform;
import dev.hetflow.ffjord.image.Squeeze;
import java.util.ArrayList;
import java.util.List;

/** The layer tree of a flow, walked once for every reader that only looks for some kinds of layer. */
public final class FlowLayers {

    private FlowLayers() {
    }

    /**
     * Every layer of the tree in encode order, containers before what they hold (a sequential flow, then its
     * layers; a factor-out, then its inner flow).
     */
    public static List<FlowLayer> all(FlowLayer flow) {
        List<FlowLayer> layers = new ArrayList<>();
        flow.accept(new FlowVisitor<Void>() {
            @Override
            public Void sequential(SequentialFlow f) {
                layers.add(f);
                f.layers().forEach(l -> l.accept(this));
                return null;
            }

            @Override
            public Void cnf(Cnf block) {
                layers.add(block);
                return null;
            }

            @Override
            public Void logit(LogitTransform layer) {
                layers.add(layer);
                return null;
            }

            @Override
            public Void squeeze(Squeeze layer) {
                layers.add(layer);
                return null;
            }

            @Override
            public Void factorOut(FactorOut layer) {
                layers.add(layer);
                return layer.inner().accept(this);
            }

            @Override
            public Void channelPermutation(dev.hetflow.ffjord.image.ChannelPermutation layer) {
                layers.add(layer);
                return null;
            }

            @Override
            public Void pairExpansion(dev.hetflow.ffjord.image.PairExpansion layer) {
                layers.add(layer);
                return null;
            }

            @Override
            public Void classExpansion(dev.hetflow.ffjord.image.ClassExpansion layer) {
                layers.add(layer);
                return null;
            }

            @Override
            public Void pairCellExpansion(dev.hetflow.ffjord.image.PairCellExpansion layer) {
                layers.add(layer);
                return null;
            }
        });
        return List.copyOf(layers);
    }
}
