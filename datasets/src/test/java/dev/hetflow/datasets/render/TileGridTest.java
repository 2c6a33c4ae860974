package dev.hetflow.datasets.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TileGridTest {

    private static final List<Channel> PIV = List.of(Channel.greyLevels("frame_a"), Channel.greyLevels("frame_b"),
            Channel.continuousLabel("u", "px", -5, 5), Channel.continuousLabel("v", "px", -5, 5));

    @Test
    void tilesAreLaidOutInTheGivenColumnsAndScaledUp() throws Exception {
        float[] blank = new float[4 * 8 * 8];
        List<TileGrid.Tile> tiles = List.of(new TileGrid.Tile(blank, List.of()), new TileGrid.Tile(blank, List.of()),
                new TileGrid.Tile(blank, List.of()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(TileGrid.png(PIV, 8, 8, tiles, 2)));
        // 8 px tiles scale by 12 to reach 96 px; 2 columns, 2 rows, each row 96 px plus a 16 px caption
        assertEquals(2 * 96, image.getWidth());
        assertEquals(2 * (96 + 16), image.getHeight());
    }

    @Test
    void aFlowVectorIsDrawnAsAnArrowFromTheCentre() {
        float[] dark = new float[4 * 8 * 8];
        List<DecodedLabel> right = List.of(new DecodedLabel("u", "px", 2, -1, 0), new DecodedLabel("v", "px", 0, -1, 0));
        BufferedImage image = TileGrid.render(PIV, 8, 8, List.of(new TileGrid.Tile(dark, right)), 1);
        // centre (48, 48); a 2 px flow is drawn 4x scaled: 2 * 12 * 4 = 96 px to the right, so x = 60 on the shaft
        // is arrow-coloured and the same distance to the left stays black
        assertNotEquals(0, image.getRGB(60, 48) & 0xffffff);
        assertEquals(0, image.getRGB(36, 48) & 0xffffff);
    }
}
