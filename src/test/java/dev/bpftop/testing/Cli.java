package dev.bpftop.testing;

import dev.bpftop.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the bpftop command line in this JVM with its own stdin, stdout and stderr. */
public final class Cli {
    public record Result(int exit, String out, String err) {}

    /** Standard output as the bytes written, as a pipe gets them. */
    public record RawResult(int exit, byte[] out, String err) {}

    private Cli() {}

    public static Result run(String... args) { return runWithInput("", args); }

    public static Result runWithInput(String stdin, String... args) {
        RawResult r = runRaw(stdin, args);
        return new Result(r.exit(), new String(r.out(), StandardCharsets.UTF_8), r.err());
    }

    public static synchronized RawResult runRaw(String stdin, String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.run(args);
            return new RawResult(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }
}
