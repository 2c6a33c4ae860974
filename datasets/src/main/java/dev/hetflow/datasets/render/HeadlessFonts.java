package dev.hetflow.datasets.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Lets Java2D draw text on a machine without system fonts (a slim container, a CI runner): every logical font
 * (SansSerif, Dialog, Monospaced, ...) is mapped to the bundled DejaVu Sans Mono through a JDK font configuration
 * file ({@code sun.awt.fontconfig}), so images render the same everywhere. Without it the JDK fails with "Fontconfig
 * head is null" or "No physical fonts found" at the first string drawn. Must run before the JVM's first use of a
 * font; every renderer that draws text calls {@link #install()} first. An operator's own {@code sun.awt.fontconfig}
 * is left alone. The font's licence is DejaVuSansMono-LICENSE.txt beside it (Bitstream Vera, permissive).
 */
public final class HeadlessFonts {

    static final String PROPERTY = "sun.awt.fontconfig";
    static final String FONT = "DejaVuSansMono.ttf";
    private static final List<String> LOGICAL = List.of("serif", "sansserif", "monospaced", "dialog", "dialoginput");
    private static final List<String> STYLES = List.of("plain", "bold", "italic", "bolditalic");
    private static boolean installed;

    private HeadlessFonts() {
    }

    /** Idempotent: the first call writes the font and its configuration to a temp folder and points the JDK at it. */
    public static synchronized void install() {
        System.setProperty("java.awt.headless", "true");
        if (installed || System.getProperty(PROPERTY) != null) {
            installed = true;
            return;
        }
        try {
            Path dir = Files.createTempDirectory("hetflow-fonts-");
            Path font = dir.resolve(FONT);
            try (InputStream in = HeadlessFonts.class.getResourceAsStream(FONT)) {
                if (in == null) {
                    throw new IOException(FONT + " is missing from the classpath");
                }
                Files.copy(in, font, StandardCopyOption.REPLACE_EXISTING);
            }
            Path config = dir.resolve("fontconfig.properties");
            Files.writeString(config, configuration(font));
            for (Path p : List.of(dir, font, config)) {
                p.toFile().deleteOnExit(); // deleted in reverse order: the files, then the folder
            }
            System.setProperty(PROPERTY, config.toString());
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the bundled font for text in images", e);
        }
    }

    /** The JDK's fontconfig.properties format: each logical font and style to one face, that face to its file. */
    static String configuration(Path font) {
        StringBuilder b = new StringBuilder("version=1\n");
        for (String logical : LOGICAL) {
            for (String style : STYLES) {
                b.append(logical).append('.').append(style).append(".latin-1=DejaVu Sans Mono\n");
            }
        }
        b.append("sequence.allfonts=latin-1\n");
        // backslashes (Windows paths) must be escaped in a properties file
        b.append("filename.DejaVu_Sans_Mono=").append(font.toAbsolutePath().toString().replace("\\", "\\\\"))
                .append('\n');
        return b.toString();
    }
}
