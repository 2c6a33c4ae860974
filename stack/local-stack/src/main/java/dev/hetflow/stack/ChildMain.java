package dev.hetflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM of the local stack: {@code ChildMain <main-class> [args...]}.
 *
 * <p>The parent holds the child's stdin open and never writes to it. When the parent dies, even by kill -9, the
 * pipe closes, the read below sees end-of-file and the child halts: no broker or S3 server outlives its parent.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChildMain <main-class> [args...]");
        }
        Thread watchdog = new Thread(() -> haltWhenParentGone(System.in), "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void haltWhenParentGone(InputStream parentPipe) {
        try {
            while (parentPipe.read() >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-file
        }
        System.err.println("hetflow local stack: parent process gone, halting child");
        Runtime.getRuntime().halt(0);
    }
}
