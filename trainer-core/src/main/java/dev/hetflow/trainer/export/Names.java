package dev.hetflow.trainer.export;

/** Fresh value names for one ONNX model: loop bodies and the main graph share one namespace. */
final class Names {

    private int next;

    String next(String stem) {
        return stem + next++;
    }
}
