package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.kernel.Values;

/**
 * Between the graph's flat NCHW feature order ([B, C s s], index c s s + pixel: what its reshapes produce) and the
 * kernels' NHWC rows ([B s s, C]).
 */
final class MapLayout {

    private MapLayout() {
    }

    static void toNchw(Values nhwc, Values nchw, int batch, int channels, int pixels) {
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < pixels; p++) {
                int row = (b * pixels + p) * channels;
                for (int ch = 0; ch < channels; ch++) {
                    nchw.set((b * channels + ch) * pixels + p, nhwc.get(row + ch));
                }
            }
        }
    }

    static void toNhwc(Values nchw, Values nhwc, int batch, int channels, int pixels) {
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < pixels; p++) {
                int row = (b * pixels + p) * channels;
                for (int ch = 0; ch < channels; ch++) {
                    nhwc.set(row + ch, nchw.get((b * channels + ch) * pixels + p));
                }
            }
        }
    }
}
