package dev.hetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The bits/dim curve of a model version (train and validation per epoch, the paper's Fig. 3) as a PNG. */
final class CurvePlot {

    private CurvePlot() {
    }

    /** Plots {@code train_bits_per_dim} and {@code valid_bits_per_dim} of the manifest's curve against the epoch. */
    static void bitsPerDim(JsonNode curve, String title, Path png) {
        dev.hetflow.datasets.render.HeadlessFonts.install(); // XChart draws its titles with the JDK's fonts
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title)
                .xAxisTitle("epoch").yAxisTitle("bits/dim").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        addSeries(chart, curve, "train_bits_per_dim", "train");
        addSeries(chart, curve, "valid_bits_per_dim", "validation");
        try {
            BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    private static void addSeries(XYChart chart, JsonNode curve, String key, String name) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (JsonNode point : curve) {
            JsonNode v = point.get(key);
            if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
                x.add(point.path("epoch").asDouble());
                y.add(v.asDouble());
            }
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
    }
}
