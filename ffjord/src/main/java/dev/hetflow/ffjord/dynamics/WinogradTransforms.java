package dev.hetflow.ffjord.dynamics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one-dimensional transforms of Winograd's minimal filtering F(4, 3) (Lavin and Gray 2016, "Fast Algorithms for
 * Convolutional Neural Networks", eq. 8 with the F(4x4, 3x3) matrices of their section 4.2), applied to six (or
 * four) rows of channels at once in SIMD lanes. Each reads its inputs at {@code inAt + i inStride} and writes output
 * o at {@code outAt + o outStride}, channels {@code [0, channels)} at each place; channels a multiple of
 * {@link #STEP}. The two-dimensional transforms of {@link WinogradConv} apply them along rows, then columns.
 * Loaded only when {@link VectorSupport#AVAILABLE}.
 */
final class WinogradTransforms {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    static final int STEP = LANES.length();

    private WinogradTransforms() {
    }

    /** B^T d: the input tile's transform, 6 -> 6. */
    static void input(float[] in, int inAt, int inStride, float[] out, int outAt, int outStride, int channels) {
        for (int c = 0; c < channels; c += STEP) {
            FloatVector d0 = FloatVector.fromArray(LANES, in, inAt + c);
            FloatVector d1 = FloatVector.fromArray(LANES, in, inAt + inStride + c);
            FloatVector d2 = FloatVector.fromArray(LANES, in, inAt + 2 * inStride + c);
            FloatVector d3 = FloatVector.fromArray(LANES, in, inAt + 3 * inStride + c);
            FloatVector d4 = FloatVector.fromArray(LANES, in, inAt + 4 * inStride + c);
            FloatVector d5 = FloatVector.fromArray(LANES, in, inAt + 5 * inStride + c);
            FloatVector sum12 = d1.add(d2);
            FloatVector sum34 = d3.add(d4);
            FloatVector dif12 = d1.sub(d2);
            FloatVector dif43 = d4.sub(d3);
            FloatVector dif42 = d4.sub(d2);
            FloatVector dif31 = d3.sub(d1);
            d0.mul(4f).add(d2.mul(-5f)).add(d4).intoArray(out, outAt + c);
            sum12.mul(-4f).add(sum34).intoArray(out, outAt + outStride + c);
            dif12.mul(4f).add(dif43).intoArray(out, outAt + 2 * outStride + c);
            dif31.mul(2f).add(dif42).intoArray(out, outAt + 3 * outStride + c);
            dif31.mul(-2f).add(dif42).intoArray(out, outAt + 4 * outStride + c);
            d1.mul(4f).add(d3.mul(-5f)).add(d5).intoArray(out, outAt + 5 * outStride + c);
        }
    }

    /** A^T m: the product tile back to outputs, 6 -> 4. */
    static void output(float[] in, int inAt, int inStride, float[] out, int outAt, int outStride, int channels) {
        for (int c = 0; c < channels; c += STEP) {
            FloatVector m0 = FloatVector.fromArray(LANES, in, inAt + c);
            FloatVector m1 = FloatVector.fromArray(LANES, in, inAt + inStride + c);
            FloatVector m2 = FloatVector.fromArray(LANES, in, inAt + 2 * inStride + c);
            FloatVector m3 = FloatVector.fromArray(LANES, in, inAt + 3 * inStride + c);
            FloatVector m4 = FloatVector.fromArray(LANES, in, inAt + 4 * inStride + c);
            FloatVector m5 = FloatVector.fromArray(LANES, in, inAt + 5 * inStride + c);
            FloatVector s12 = m1.add(m2);
            FloatVector d12 = m1.sub(m2);
            FloatVector s34 = m3.add(m4);
            FloatVector d34 = m3.sub(m4);
            m0.add(s12).add(s34).intoArray(out, outAt + c);
            d34.mul(2f).add(d12).intoArray(out, outAt + outStride + c);
            s34.mul(4f).add(s12).intoArray(out, outAt + 2 * outStride + c);
            d34.mul(8f).add(d12).add(m5).intoArray(out, outAt + 3 * outStride + c);
        }
    }

    /** A dy: the adjoint of {@link #output}, an output gradient tile into the product's domain, 4 -> 6. */
    static void outputAdjoint(float[] in, int inAt, int inStride, float[] out, int outAt, int outStride,
            int channels) {
        for (int c = 0; c < channels; c += STEP) {
            FloatVector y0 = FloatVector.fromArray(LANES, in, inAt + c);
            FloatVector y1 = FloatVector.fromArray(LANES, in, inAt + inStride + c);
            FloatVector y2 = FloatVector.fromArray(LANES, in, inAt + 2 * inStride + c);
            FloatVector y3 = FloatVector.fromArray(LANES, in, inAt + 3 * inStride + c);
            FloatVector even = y0.add(y2);
            FloatVector odd = y1.add(y3);
            FloatVector even4 = y2.mul(4f).add(y0);
            FloatVector odd8 = y3.mul(8f).add(y1.mul(2f));
            y0.intoArray(out, outAt + c);
            even.add(odd).intoArray(out, outAt + outStride + c);
            even.sub(odd).intoArray(out, outAt + 2 * outStride + c);
            even4.add(odd8).intoArray(out, outAt + 3 * outStride + c);
            even4.sub(odd8).intoArray(out, outAt + 4 * outStride + c);
            y3.intoArray(out, outAt + 5 * outStride + c);
        }
    }

    /**
     * B dv: the adjoint of {@link #input}, a product-domain gradient back onto the input tile, 6 -> 6; added to what
     * out holds when {@code accumulate}.
     */
    static void inputAdjoint(float[] in, int inAt, int inStride, float[] out, int outAt, int outStride, int channels,
            boolean accumulate) {
        for (int c = 0; c < channels; c += STEP) {
            FloatVector v0 = FloatVector.fromArray(LANES, in, inAt + c);
            FloatVector v1 = FloatVector.fromArray(LANES, in, inAt + inStride + c);
            FloatVector v2 = FloatVector.fromArray(LANES, in, inAt + 2 * inStride + c);
            FloatVector v3 = FloatVector.fromArray(LANES, in, inAt + 3 * inStride + c);
            FloatVector v4 = FloatVector.fromArray(LANES, in, inAt + 4 * inStride + c);
            FloatVector v5 = FloatVector.fromArray(LANES, in, inAt + 5 * inStride + c);
            FloatVector s12 = v1.add(v2);
            FloatVector d21 = v2.sub(v1);
            FloatVector s34 = v3.add(v4);
            FloatVector d34 = v3.sub(v4);
            store(v0.mul(4f), out, outAt + c, accumulate);
            store(d21.mul(4f).sub(d34.mul(2f)).add(v5.mul(4f)), out, outAt + outStride + c, accumulate);
            store(v0.mul(-5f).sub(s12.mul(4f)).sub(s34), out, outAt + 2 * outStride + c, accumulate);
            store(d34.mul(2f).sub(d21).sub(v5.mul(5f)), out, outAt + 3 * outStride + c, accumulate);
            store(v0.add(s12).add(s34), out, outAt + 4 * outStride + c, accumulate);
            store(v5, out, outAt + 5 * outStride + c, accumulate);
        }
    }

    private static void store(FloatVector v, float[] out, int at, boolean accumulate) {
        (accumulate ? v.add(FloatVector.fromArray(LANES, out, at)) : v).intoArray(out, at);
    }
}
