package dev.hetflow.sylvester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.vae.ChannelLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J's per-op gradient-graph chatter stays off stdout; everything else printed meanwhile still arrives. */
class SameDiffChatterTest {

    private static String captured(Runnable work) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void firstTrainingStepBuildsTheGradientGraphWithoutItsPerOpLines() {
        String out = captured(() -> {
            SylvesterVae vae = SylvesterVae.create(SylvesterConfig.defaults(new ChannelLayout(1, 1, 28, 28))
                    .withSizes(4, 4, 16).withHouseholderReflections(2).withFlows(FlowType.HOUSEHOLDER, 2));
            assertTrue(vae.trainStep(Nd4j.rand(DataType.FLOAT, 2, 2, 28, 28)).applied());
        });
        assertFalse(out.contains(SameDiffChatter.PREFIX), "stdout had ND4J's chatter:\n" + out);
    }

    @Test
    void otherLinesPassAndStdoutIsRestored() {
        PrintStream before = System.out;
        String out = captured(() -> assertEquals(7, SameDiffChatter.muted(() -> {
            System.out.println(SameDiffChatter.PREFIX + " x");
            System.out.println("epoch 1 done");
            return 7;
        })));
        assertEquals("epoch 1 done" + System.lineSeparator(), out);
        assertSame(before, System.out);
    }
}
