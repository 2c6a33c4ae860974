package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BitsPerDimTest {

    @Test
    void labelBitsAreTheJointBitsLeftAfterTheImageBits() {
        // joint: 2.0 bits/dim over 784 + 784 dims = 3136 bits; image: 1.5 bits/dim over 784 = 1176 bits;
        // labels: (3136 - 1176) / 784 = 2.5 bits per label dim, exact in binary floating point up to rounding
        // of the three products (relative 1e-15), so 1e-12 is ample.
        assertEquals(2.5, BitsPerDim.conditionalLabel(2.0, 1.5, 784, 784), 1e-12);
    }

    @Test
    void labelBitsAreNegativeWhenTheJointModelDescribesTheImagesBetter() {
        // PIV: 2048 image + 2048 label dims; joint 1.0 bits/dim (4096 bits) against image 3.0 (6144 bits):
        // (4096 - 6144) / 2048 = -1
        assertEquals(-1.0, BitsPerDim.conditionalLabel(1.0, 3.0, 2048, 2048), 1e-12);
    }

    @Test
    void matchesTheNatsDefinition() {
        // NLLs in nats: joint 5000, image 3000 over D_img = 100, D_lbl = 10; label bits/dim = 2000 / (10 ln 2)
        double ln2 = Math.log(2);
        double joint = 5000 / (110 * ln2);
        double image = 3000 / (100 * ln2);
        // the round trip through bits/dim multiplies and divides by ln 2 once each: error ~1e-13 relative
        assertEquals(2000 / (10 * ln2), BitsPerDim.conditionalLabel(joint, image, 100, 10), 1e-9);
    }

    @Test
    void rejectsEmptyDimensions() {
        assertThrows(IllegalArgumentException.class, () -> BitsPerDim.conditionalLabel(1, 1, 10, 0));
    }

    @Test
    void ofKeepsItsDefinition() {
        // one image dim, density 1 (log 0) on [0,1]: -(0 - ln 256) / ln 2 = 8 bits
        assertEquals(8.0, BitsPerDim.of(0.0, new ImageLayout(1, 0, 1, 1, 256)), 1e-12);
    }
}
