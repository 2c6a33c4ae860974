package dev.hetflow.sampler.formats;

import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.render.TileGrid;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.Samples;
import java.util.List;

/** Samples as one PNG grid (see {@link TileGrid}): each sample's image with its class or flow arrow drawn. */
public final class PngGrid {

    private PngGrid() {
    }

    public static byte[] render(Samples samples) {
        DatasetManifest dataset = samples.dataset();
        List<TileGrid.Tile> tiles = samples.samples().stream()
                .map((AnnotatedSample s) -> new TileGrid.Tile(s.values(), s.labels())).toList();
        return TileGrid.png(dataset.channels(), dataset.shape().get(1), dataset.shape().get(2), tiles, 0);
    }
}
