package dev.hetflow.sampler.formats;

import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.Samples;
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
 * with its labels drawn: the class as text, a PIV displacement (u, v) as an arrow from the tile's centre.
 */
public final class PngGrid {

    static final int MIN_TILE = 96;
    static final int CAPTION = 16;

    private PngGrid() {
    }

    public static byte[] render(Samples samples) {
        System.setProperty("java.awt.headless", "true");
        DatasetManifest dataset = samples.dataset();
        int h = dataset.shape().get(1);
        int w = dataset.shape().get(2);
        int scale = Math.max(1, (MIN_TILE + Math.max(h, w) - 1) / Math.max(h, w));
        int tileW = w * scale;
        int tileH = h * scale + CAPTION;
        int n = samples.samples().size();
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        BufferedImage image = new BufferedImage(cols * tileW, rows * tileH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        List<Integer> imageChannels = imageChannels(dataset);
        for (AnnotatedSample sample : samples.samples()) {
            int x0 = (sample.index() % cols) * tileW;
            int y0 = (sample.index() / cols) * tileH;
            drawImage(image, sample.values(), imageChannels, h, w, scale, x0, y0);
            drawLabels(g, sample.labels(), x0, y0, tileW, h * scale, scale);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<Integer> imageChannels(DatasetManifest dataset) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < dataset.channels().size(); c++) {
            if (Channel.IMAGE.equals(dataset.channels().get(c).kind())) {
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
                    rgb[k] = (int) Math.round(255 * Math.max(0, Math.min(1, values[c * plane + y * w + x])));
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
        if (u != null && v != null) {
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
