package dev.hetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** One line per epoch for the operator: where the job is, its bits/dim and how long is left. */
final class ProgressLine {

    private ProgressLine() {
    }

    static String of(JsonNode status, int epochs) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  iteration %d",
                status.path("epoch").asInt(), epochs, status.path("iteration").asLong()));
        appendIfFinite(line, "  bits/dim train %.3f", status.path("trainBitsPerDim"));
        appendIfFinite(line, " valid %.3f", status.path("validBitsPerDim"));
        appendIfFinite(line, "  %.0f samples/s", status.path("samplesPerSec"));
        JsonNode eta = status.path("etaSeconds");
        if (eta.isNumber()) {
            long s = Math.round(eta.asDouble());
            line.append(String.format(Locale.ROOT, "  ETA %dm%02ds", s / 60, s % 60));
        }
        return line.toString();
    }

    private static void appendIfFinite(StringBuilder line, String format, JsonNode value) {
        if (value.isNumber() && Double.isFinite(value.asDouble())) {
            line.append(String.format(Locale.ROOT, format, value.asDouble()));
        }
    }
}
