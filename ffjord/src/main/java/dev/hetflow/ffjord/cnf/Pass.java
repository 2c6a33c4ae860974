package dev.hetflow.ffjord.cnf;

/** Whether an encode is for training (remember what backward needs, training solver) or evaluation. */
public enum Pass {
    TRAIN,
    EVAL
}
