package dev.hetflow.datasets.render;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Run in a child JVM by {@link HeadlessFontsTest}: {@code tile} renders a captioned tile with {@link TileGrid} and
 * prints the lit pixels of its caption band; {@code plain} draws a string with the JDK's SansSerif and nothing else.
 */
final class TextProbe {

    static final List<Channel> DIGITS = List.of(Channel.greyLevels("grey"), Channel.classLabel("class", 10));

    public static void main(String[] args) {
        if ("plain".equals(args[0])) {
            System.setProperty("java.awt.headless", "true");
            BufferedImage image = new BufferedImage(120, 20, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.WHITE);
            g.drawString("class 7", 2, 15);
            System.out.println("lit " + lit(image, 0, 20));
        } else {
            System.out.println("lit " + captionPixels());
        }
    }

    /** Non-black pixels in the caption band of one dark 8x8 tile labelled "class 7". */
    static int captionPixels() {
        float[] dark = new float[2 * 8 * 8];
        List<DecodedLabel> seven = List.of(new DecodedLabel("class", null, 7, 7, 0.1));
        BufferedImage image = TileGrid.render(DIGITS, 8, 8, List.of(new TileGrid.Tile(dark, seven)), 1);
        return lit(image, image.getHeight() - TileGrid.CAPTION, image.getHeight());
    }

    static int lit(BufferedImage image, int fromRow, int toRow) {
        int n = 0;
        for (int y = fromRow; y < toRow; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xffffff) != 0 ? 1 : 0;
            }
        }
        return n;
    }
}
