package dev.hetflow.experiments.figures;

import dev.hetflow.datasets.render.HeadlessFonts;
import dev.hetflow.experiments.training.EpochPoint;
import dev.hetflow.experiments.training.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's XChart plots: bits/dim per epoch (Fig. 3) and the t-SNE scatter. */
public final class Charts {

    private Charts() {
    }

    /** Validation bits/dim per epoch of every run on one data set (non-finite points are left out). */
    public static void curves(String title, List<RunResult> runs, Path png) {
        HeadlessFonts.install(); // XChart draws its titles and legend with the JDK's fonts
        XYChart chart = new XYChartBuilder().width(720).height(440).title(title).xAxisTitle("epoch")
                .yAxisTitle("validation bits/dim").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (RunResult run : runs) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (EpochPoint p : run.curve()) {
                if (Double.isFinite(p.validBitsPerDim())) {
                    x.add(p.epoch() + 1.0);
                    y.add(p.validBitsPerDim());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(run.key().model() + " " + run.key().layout(), x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        save(chart, png);
    }

    /** A 2-D embedding, one colour per class. */
    public static void scatter(String title, double[][] points, int[] classes, Path png) {
        HeadlessFonts.install(); // XChart draws its titles and legend with the JDK's fonts
        XYChart chart = new XYChartBuilder().width(640).height(560).title(title).xAxisTitle("t-SNE 1")
                .yAxisTitle("t-SNE 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(5);
        int maxClass = 0;
        for (int c : classes) {
            maxClass = Math.max(maxClass, c);
        }
        for (int k = 0; k <= maxClass; k++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                if (classes[i] == k) {
                    x.add(points[i][0]);
                    y.add(points[i][1]);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries("class " + k, x, y);
            }
        }
        save(chart, png);
    }

    private static void save(XYChart chart, Path png) {
        if (chart.getSeriesMap().isEmpty()) {
            // a run without one finite epoch still gets its (empty) figure
            chart.addSeries("no finite point", new double[] {0}, new double[] {0});
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
