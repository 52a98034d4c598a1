package dev.bpftop.enrich.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs the runtimes' own command-line tools for the container tests. */
final class Commands {
    private Commands() {}

    /** Runs {@code command} followed by {@code more} arguments; its trimmed output, or an IOException naming it. */
    @SafeVarargs
    static String run(List<String> command, List<String>... more) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        for (List<String> m : more) cmd.addAll(m);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
