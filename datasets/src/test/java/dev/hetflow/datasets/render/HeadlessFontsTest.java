package dev.hetflow.datasets.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessFontsTest {

    /** A 7-character caption at 11 px lights far more than this many pixels; an empty band lights none. */
    private static final int SOME_TEXT = 30;

    @Test
    void captionsAreDrawnWithTheBundledFont() {
        int lit = TextProbe.captionPixels();
        assertTrue(lit > SOME_TEXT, "caption pixels: " + lit);
        assertTrue(System.getProperty(HeadlessFonts.PROPERTY) != null, "the JDK was pointed at the bundled font");
    }

    @Test
    void theConfigurationMapsEveryLogicalFontToTheBundledFile() {
        String config = HeadlessFonts.configuration(Path.of("/fonts/x.ttf"));
        assertTrue(config.contains("sansserif.plain.latin-1=DejaVu Sans Mono\n"), config);
        assertTrue(config.contains("dialog.bolditalic.latin-1=DejaVu Sans Mono\n"), config);
        assertTrue(config.contains("filename.DejaVu_Sans_Mono=/fonts/x.ttf\n"), config);
    }

    /**
     * The machine's fonts hidden (a user namespace mounts an empty tmpfs over the font folders): the JDK alone cannot
     * draw a string there, the tile renderer still draws its caption.
     */
    @Test
    void textIsDrawnOnAMachineWithoutSystemFonts(@TempDir Path home) throws Exception {
        List<String> hide = new ArrayList<>();
        for (String dir : List.of("/usr/share/fonts", "/usr/local/share/fonts", "/usr/X11R6/lib/X11/fonts")) {
            if (Files.isDirectory(Path.of(dir))) {
                hide.add("mount -t tmpfs none " + dir);
            }
        }
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && run(home, "true").exit() == 0,
                "needs Linux user namespaces (unshare -rm) to hide the system fonts");
        String prefix = String.join(" && ", hide) + (hide.isEmpty() ? "" : " && ");
        String java = Path.of(System.getProperty("java.home"), "bin", "java") + " -cp '"
                + System.getProperty("java.class.path") + "' " + TextProbe.class.getName();
        Result plain = run(home, prefix + java + " plain");
        assertNotEquals(0, plain.exit(), "without fonts the JDK cannot draw text (else this test proves nothing): "
                + plain.output());
        Result tile = run(home, prefix + java + " tile");
        assertEquals(0, tile.exit(), tile.output());
        String line = tile.output().lines().filter(l -> l.startsWith("lit ")).findFirst().orElse("lit 0");
        int lit = Integer.parseInt(line.substring(4).trim());
        assertTrue(lit > SOME_TEXT, "caption pixels without system fonts: " + tile.output());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path home, String script) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("unshare", "-rm", "sh", "-c", script).redirectErrorStream(true)
                .directory(home.toFile());
        builder.environment().put("HOME", home.toString()); // no ~/.fonts either
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            return new Result(-1, "cannot run unshare: " + e.getMessage());
        }
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            out = e.toString();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
