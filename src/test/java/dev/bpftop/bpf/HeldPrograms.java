package dev.bpftop.bpf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpftop.testing.Require;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The BPF programs this JVM holds, by name, as the kernel reports them: the program ids in the
 * fdinfo of our descriptors (program and link fds name theirs), then bpftool for each id's name.
 */
final class HeldPrograms {
    private HeldPrograms() {}

    /** Names of the programs behind our descriptors, one entry per program (bpftool gives the full name from BTF). */
    static List<String> names() throws IOException, InterruptedException {
        Require.that(Files.isExecutable(Path.of("/usr/sbin/bpftool")), "bpftool at /usr/sbin/bpftool");
        TreeSet<Long> ids = new TreeSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fdinfo"))) {
            for (Path fd : fds) {
                String info;
                try {
                    info = Files.readString(fd);
                } catch (IOException e) {
                    continue; // closed since the listing
                }
                for (String line : info.split("\n")) {
                    if (line.startsWith("prog_id:")) ids.add(Long.parseLong(line.substring(8).strip()));
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (long id : ids) names.add(name(id));
        return names;
    }

    private static String name(long id) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/sbin/bpftool", "-j", "prog", "show", "id", Long.toString(id)).start();
        JsonNode prog = new ObjectMapper().readTree(p.getInputStream());
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IOException("bpftool did not finish");
        return prog.path("name").asText();
    }
}
