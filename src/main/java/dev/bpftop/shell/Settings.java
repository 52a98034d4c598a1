package dev.bpftop.shell;

import dev.bpftop.render.Format;
import dev.bpftop.render.RawTextWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the dot-commands change: output format, headers, timer, and where results go. */
final class Settings implements AutoCloseable {
    Format format;
    boolean headers;
    boolean timer;
    private Path outputPath;
    private Writer output;

    Settings(Format format, boolean headers) {
        this.format = format;
        this.headers = headers;
    }

    /** The file results go to after `.output FILE`, or null for the terminal. */
    Writer output() { return output; }

    Path outputPath() { return outputPath; }

    /** Sends results to a file (truncated), or back to the terminal for null. */
    void output(Path path) throws IOException {
        Writer next = path == null ? null : new RawTextWriter(Files.newOutputStream(path));
        close();
        output = next;
        outputPath = path;
    }

    @Override
    public void close() throws IOException {
        if (output != null) output.close();
        output = null;
        outputPath = null;
    }
}
