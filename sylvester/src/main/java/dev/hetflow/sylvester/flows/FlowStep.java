package dev.hetflow.sylvester.flows;

import org.nd4j.autodiff.samediff.SDVariable;

/** Output of one flow layer: the transformed latent z_k [B,D] and log|det dz_k/dz_{k-1}| [B]. */
public record FlowStep(SDVariable z, SDVariable logDet) {
}
