package dev.hetflow.datasets.piv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.InvalidSpecException;
import org.junit.jupiter.api.Test;

class PivSpecTest {

    @Test
    void refusesNegativeSeedingDensity() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> PivSpec.DEFAULT.withSeeding(-0.05, 2, 3));
        assertTrue(e.getMessage().contains("particlesPerPixel"), e.getMessage());
    }

    @Test
    void refusesDisplacementLargerThanTheImage() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, 40));
        assertTrue(e.getMessage().contains("maxDisplacement 40.0 px is too large for a 32x32 image"), e.getMessage());
        // half the image is already refused: the frames would share too few particles
        assertThrows(InvalidSpecException.class, () -> PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, 16));
        assertEquals(15.9, PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, 15.9).maxDisplacement());
    }

    @Test
    void refusesOtherImpossibleValues() {
        assertThrows(InvalidSpecException.class, () -> PivSpec.DEFAULT.withSize(4, 32));
        assertThrows(InvalidSpecException.class, () -> PivSpec.DEFAULT.withSeeding(0.05, 3, 2));
        assertThrows(InvalidSpecException.class, () -> PivSpec.DEFAULT.withImaging(300, 0.1, 0, 2));
        assertThrows(InvalidSpecException.class, () -> PivSpec.DEFAULT.withImaging(200, 0.1, 0, -1));
        assertThrows(InvalidSpecException.class, () -> PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, -1));
        assertThrows(InvalidSpecException.class, () -> FlowKind.parse("tornado"));
    }

    @Test
    void canonicalMapNamesEveryParameter() {
        var map = PivSpec.DEFAULT.toMap();
        assertEquals(13, map.size());
        assertEquals("0.05", map.get("piv.particles-per-pixel"));
        assertEquals("random", map.get("piv.flow"));
        assertEquals("vector", map.get("piv.label-mode"));
    }
}
