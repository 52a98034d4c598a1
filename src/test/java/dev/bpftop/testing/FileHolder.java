package dev.bpftop.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A python3 process (src/test/resources/files/holder.py) that holds open one of each kind of file
 * and socket: TCP and UDP over IPv4 and IPv6, unix sockets by path, abstract and hostile name, a
 * deleted file, a hostile file name, a pipe and an eventfd. What it made (fds, ports, paths) is
 * read from its first line. Closing ends it and removes its directory.
 */
public final class FileHolder implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final JsonNode made;

    private FileHolder(Process process, Path dir, JsonNode made) {
        this.process = process;
        this.dir = dir;
        this.made = made;
    }

    /** @param prefix words before python3 (e.g. "ip netns exec NAME"), or none */
    public static FileHolder start(String... prefix) throws IOException {
        Path dir = Files.createTempDirectory("bpftop-files-");
        Path script = dir.resolve("holder.py");
        try (InputStream in = FileHolder.class.getResourceAsStream("/files/holder.py")) {
            Files.copy(in, script);
        }
        List<String> argv = new ArrayList<>(List.of(prefix));
        argv.addAll(List.of("python3", script.toString(), dir.toString()));
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            p.destroyForcibly();
            delete(dir);
            throw new IOException("holder.py printed nothing: " + argv);
        }
        return new FileHolder(p, dir, new ObjectMapper().readTree(line));
    }

    public int pid() { return made.get("pid").asInt(); }

    public boolean has(String object) { return made.has(object); }

    public int fd(String object) { return made.get(object).get("fd").asInt(); }

    public int port(String object) { return made.get(object).get("port").asInt(); }

    public String path(String object) { return made.get(object).get("path").asText(); }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        delete(dir);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
