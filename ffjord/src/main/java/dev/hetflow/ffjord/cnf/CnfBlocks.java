package dev.hetflow.ffjord.cnf;

import dev.hetflow.ffjord.image.FactorOut;
import dev.hetflow.ffjord.image.LogitTransform;
import dev.hetflow.ffjord.image.Squeeze;
import java.util.ArrayList;
import java.util.List;

/** Every CNF block of a flow, in encode order, found by walking the layer tree (through factor-outs too). */
public final class CnfBlocks {

    private CnfBlocks() {
    }

    public static List<Cnf> of(FlowLayer flow) {
        List<Cnf> blocks = new ArrayList<>();
        flow.accept(new FlowVisitor<Void>() {
            @Override
            public Void sequential(SequentialFlow f) {
                f.layers().forEach(l -> l.accept(this));
                return null;
            }

            @Override
            public Void cnf(Cnf block) {
                blocks.add(block);
                return null;
            }

            @Override
            public Void logit(LogitTransform layer) {
                return null;
            }

            @Override
            public Void squeeze(Squeeze layer) {
                return null;
            }

            @Override
            public Void factorOut(FactorOut layer) {
                return layer.inner().accept(this);
            }

            @Override
            public Void channelPermutation(dev.hetflow.ffjord.image.ChannelPermutation layer) {
                return null;
            }

            @Override
            public Void pairExpansion(dev.hetflow.ffjord.image.PairExpansion layer) {
                return null;
            }

            @Override
            public Void classExpansion(dev.hetflow.ffjord.image.ClassExpansion layer) {
                return null;
            }

            @Override
            public Void pairCellExpansion(dev.hetflow.ffjord.image.PairCellExpansion layer) {
                return null;
            }
        });
        return List.copyOf(blocks);
    }

    /** Right-hand-side evaluations over the blocks' lifetimes (adjoint solves included); take differences. */
    public static long evaluations(List<Cnf> blocks) {
        long n = 0;
        for (Cnf c : blocks) {
            n += c.evaluations();
        }
        return n;
    }
}
