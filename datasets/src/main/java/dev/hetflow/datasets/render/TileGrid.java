package dev.hetflow.datasets.render;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Samples as one PNG: a grid of tiles, each the sample's first image channel (or its first three as RGB), scaled up,
 * with its labels drawn: the class as text, a PIV displacement (u, v) as an arrow from the tile's centre. The
 * sampler's PNG answers and the experiments report's figures share it.
 */
public final class TileGrid {

    static final int MIN_TILE = 96;
    static final int CAPTION = 16;

    /**
     * One tile.
     *
     * @param values C*H*W normalized values, channel-major
     * @param labels the sample's label channels decoded (drawn as caption and arrow)
     */
    public record Tile(float[] values, List<DecodedLabel> labels) {
    }

    private TileGrid() {
    }

    /** The PNG bytes of a grid of {@code columns} tiles per row (0: a near-square grid). */
    public static byte[] png(List<Channel> channels, int h, int w, List<Tile> tiles, int columns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(channels, h, w, tiles, columns), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The grid as an image of {@code columns} tiles per row (0: a near-square grid). */
    public static BufferedImage render(List<Channel> channels, int h, int w, List<Tile> tiles, int columns) {
        HeadlessFonts.install();
        int scale = Math.max(1, (MIN_TILE + Math.max(h, w) - 1) / Math.max(h, w));
        int tileW = w * scale;
        int tileH = h * scale + CAPTION;
        int n = Math.max(1, tiles.size());
        int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        BufferedImage image = new BufferedImage(cols * tileW, rows * tileH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        List<Integer> imageChannels = imageChannels(channels);
        for (int i = 0; i < tiles.size(); i++) {
            int x0 = (i % cols) * tileW;
            int y0 = (i / cols) * tileH;
            drawImage(image, tiles.get(i).values(), imageChannels, h, w, scale, x0, y0);
            drawLabels(g, tiles.get(i).labels(), x0, y0, tileW, h * scale, scale);
        }
        g.dispose();
        return image;
    }

    private static List<Integer> imageChannels(List<Channel> channels) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            if (Channel.IMAGE.equals(channels.get(c).kind())) {
                out.add(c);
            }
        }
        return out.size() >= 3 ? out.subList(0, 3) : out.isEmpty() ? List.of(0) : out.subList(0, 1);
    }

    private static void drawImage(BufferedImage image, float[] values, List<Integer> channels, int h, int w,
                                  int scale, int x0, int y0) {
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] rgb = new int[3];
                for (int k = 0; k < 3; k++) {
                    int c = channels.get(Math.min(k, channels.size() - 1));
                    float v = values[c * plane + y * w + x];
                    rgb[k] = Float.isNaN(v) ? 0 : (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                }
                int pixel = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, pixel);
                    }
                }
            }
        }
    }

    private static void drawLabels(Graphics2D g, List<DecodedLabel> labels, int x0, int y0, int tileW, int imageH,
                                   int scale) {
        StringBuilder caption = new StringBuilder();
        Double u = null;
        Double v = null;
        for (DecodedLabel label : labels) {
            if (label.level() >= 0) {
                caption.append(label.channel()).append(' ').append(label.level()).append(' ');
            } else {
                caption.append(String.format(Locale.ROOT, "%s=%.2f ", label.channel(), label.value()));
            }
            if ("u".equals(label.channel())) {
                u = label.value();
            } else if ("v".equals(label.channel())) {
                v = label.value();
            }
        }
        g.setColor(Color.WHITE);
        g.drawString(caption.toString().trim(), x0 + 2, y0 + imageH + CAPTION - 4);
        if (u != null && v != null && Double.isFinite(u) && Double.isFinite(v)) {
            arrow(g, x0 + tileW / 2.0, y0 + imageH / 2.0, u * scale * 4, v * scale * 4);
        }
    }

    /** A flow arrow, length 4x the displacement so that sub-pixel flows stay visible. */
    private static void arrow(Graphics2D g, double cx, double cy, double dx, double dy) {
        g.setColor(new Color(255, 80, 40));
        g.setStroke(new BasicStroke(2f));
        int x1 = (int) Math.round(cx + dx);
        int y1 = (int) Math.round(cy + dy);
        g.drawLine((int) Math.round(cx), (int) Math.round(cy), x1, y1);
        double angle = Math.atan2(dy, dx);
        for (double side : new double[] {-0.5, 0.5}) {
            g.drawLine(x1, y1, (int) Math.round(x1 - 6 * Math.cos(angle + side)),
                    (int) Math.round(y1 - 6 * Math.sin(angle + side)));
        }
    }
}
