package dev.hetflow.data.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hetflow.data.config.DataConfig;
import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.DatasetSource;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The 2-core presets and the label options are chosen in the stream request. */
class DatasetSourcesTest {

    private static final Path SHARED = Path.of(System.getProperty("hetflow.shared.data", "../../shared/data"));

    /** The config mapping with the data root at the shared data folder (only root and mnistFolder are read). */
    private static DatasetSources sources() {
        DataConfig config = (DataConfig) Proxy.newProxyInstance(DataConfig.class.getClassLoader(),
                new Class<?>[] {DataConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "root" -> SHARED.toAbsolutePath().toString();
                    case "mnistFolder" -> "mnist";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new DatasetSources(config);
    }

    private static PivParameters preset(String name) {
        return new PivParameters(null, null, null, null, null, null, null, null, null, null, null, null, null, name);
    }

    @Test
    void pivWindow16IsAPresetThatSingleParametersStillOverride() {
        assertEquals(PivSpec.WINDOW16, preset("window16").toSpec());
        assertEquals(PivSpec.DEFAULT, preset(null).toSpec());
        assertEquals(PivSpec.DEFAULT, preset("window32").toSpec());
        PivParameters denser = new PivParameters(null, null, 0.12, null, null, null, null, null, null, null, null,
                null, null, "window16");
        assertEquals(PivSpec.WINDOW16.withSeeding(0.12, 2.0, 3.0), denser.toSpec());
        assertThrows(InvalidSpecException.class, () -> preset("window8").toSpec());
        DatasetSource source = sources().open(new StreamRequest("piv", null, 10L, 1L, null, null, null,
                preset("window16"), "planes", null, null));
        assertEquals(16, source.height());
        assertEquals("planes", source.spec().get("labels"));
    }

    @Test
    void mnistAt14PxWithOneHotClasses() {
        DatasetSource source = sources().open(new StreamRequest("mnist", "test", 10L, 1L, null, null, null, null,
                "planes", "onehot", 14));
        assertEquals(14, source.width());
        assertEquals(12, source.channels().size());
        assertEquals("onehot", source.spec().get("classes"));
        assertThrows(InvalidSpecException.class, () -> sources().open(new StreamRequest("mnist", "test", 10L, 1L,
                null, null, null, null, null, null, 20)));
        assertThrows(InvalidSpecException.class, () -> sources().open(new StreamRequest("piv", null, 10L, 1L, null,
                null, null, null, null, "onehot", null)));
        assertThrows(InvalidSpecException.class, () -> sources().open(new StreamRequest("piv", null, 10L, 1L, null,
                null, null, null, "fuzzy", null, null)));
    }
}
