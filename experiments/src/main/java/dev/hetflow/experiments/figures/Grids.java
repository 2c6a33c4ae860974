package dev.hetflow.experiments.figures;

import dev.hetflow.datasets.render.TileGrid;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.experiments.fidelity.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sample grids (TileGrid: first image channel, class text or flow arrow) for Figs. 2 and 4. */
public final class Grids {

    private Grids() {
    }

    /** Rows of samples, {@code columns} per row, each drawn with its decoded labels. */
    public static void write(List<Channel> channels, int h, int w, List<float[]> samples, int columns, Path png) {
        List<TileGrid.Tile> tiles = new ArrayList<>();
        for (float[] s : samples) {
            tiles.add(new TileGrid.Tile(s, Labels.decode(channels, s, h, w)));
        }
        try {
            Files.write(png, TileGrid.png(channels, h, w, tiles, columns));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
