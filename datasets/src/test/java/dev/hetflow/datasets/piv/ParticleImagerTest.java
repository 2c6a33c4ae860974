package dev.hetflow.datasets.piv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParticleImagerTest {

    @Test
    void integratesEachParticlesLightExactly() {
        ParticleImager imager = new ParticleImager(32, 32);
        double diameter = 2.6;
        double sigma = diameter / 4;
        imager.add(15.3, 16.8, diameter, 100);
        double total = 0;
        for (int j = 0; j < 32; j++) {
            for (int i = 0; i < 32; i++) {
                total += imager.light(i, j);
            }
        }
        // the Gaussian's integral over the plane is I0 * 2 pi sigma^2; beyond the 4-sigma reach lies < 1e-4 of it
        assertEquals(100 * 2 * Math.PI * sigma * sigma, total, 1e-3 * total);
    }

    @Test
    void pixelValueIsTheAverageOverThePixel() {
        ParticleImager imager = new ParticleImager(16, 16);
        imager.add(8, 8, 2.0, 200);
        // sigma = 0.5, pixel [7.5, 8.5]^2: I0 pi/2 sigma^2 (erf(0.5 / (sqrt2 sigma)) - erf(-0.5 / (sqrt2 sigma)))^2
        double edge = 0.6826894921370859; // erf(1 / sqrt 2)
        assertEquals(200 * Math.PI / 2 * 0.25 * (2 * edge) * (2 * edge), imager.light(8, 8), 1e-4);
        // symmetric about the particle
        assertEquals(imager.light(7, 8), imager.light(9, 8), 1e-12);
        assertEquals(imager.light(8, 7), imager.light(8, 9), 1e-12);
    }

    @Test
    void exposureClipsToEightBits() {
        ParticleImager imager = new ParticleImager(16, 16);
        for (int k = 0; k < 5; k++) {
            imager.add(8, 8, 2.0, 255);
        }
        byte[] frame = imager.expose(0, new java.util.SplittableRandom(1));
        assertEquals(255, frame[8 * 16 + 8] & 0xff);
        assertEquals(0, frame[0] & 0xff);
        assertTrue((frame[8 * 16 + 10] & 0xff) < 255);
    }
}
