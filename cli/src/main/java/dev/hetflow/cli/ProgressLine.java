package dev.hetflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** One line per epoch for the operator: where the job is, its bits/dim and how long is left. */
final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * @param status  the job's status
     * @param epochs  the epochs the job runs
     * @param elapsed nanoseconds since training started, for the ETA when the trainer gives none
     */
    static String of(JsonNode status, int epochs, long elapsed) {
        // the status counts epochs from 0 (the one under way); a finished job has done them all
        int done = "FINISHED".equals(status.path("state").asText()) ? epochs : status.path("epoch").asInt();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d done  iteration %d",
                done, epochs, status.path("iteration").asLong()));
        appendIfFinite(line, "  bits/dim train %.3f", status.path("trainBitsPerDim"));
        appendIfFinite(line, " valid %.3f", status.path("validBitsPerDim"));
        if (status.path("evaluationMethod").isTextual()) {
            // the reported figure names its solver; the training solver's figure on the same samples beside it
            line.append(" (").append(status.path("evaluationMethod").asText());
            appendIfFinite(line, "; training solver %.3f", status.path("validBitsPerDimTrainSolver"));
            line.append(')');
        }
        appendIfFinite(line, "  %.0f samples/s", status.path("samplesPerSec"));
        JsonNode eta = status.path("etaSeconds");
        double seconds = eta.isNumber() ? eta.asDouble()
                : done > 0 ? elapsed / 1e9 / done * Math.max(0, epochs - done) : Double.NaN;
        if (Double.isFinite(seconds)) {
            long s = Math.round(seconds);
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
