package dev.hetflow.ffjord.cnf;

import java.util.ArrayList;
import java.util.List;

/** Every CNF block of a flow, in encode order, found by walking the layer tree (through factor-outs too). */
public final class CnfBlocks {

    private CnfBlocks() {
    }

    public static List<Cnf> of(FlowLayer flow) {
        List<Cnf> blocks = new ArrayList<>();
        for (FlowLayer layer : FlowLayers.all(flow)) {
            if (layer instanceof Cnf block) {
                blocks.add(block);
            }
        }
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
