package dev.bpftop.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.testing.NetPair;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Tmux;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** NET/s and IO/s in the default live view: shown when they have values, sorted by N and D. */
class NetColumnsViewTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> CLEAN = new HashMap<>();

    static {
        CLEAN.put("NO_COLOR", "1");
    }

    @Test
    void bpfShowsNetworkAndStorageRatesAndSortsByThem() throws Exception {
        Require.root();
        try (NetPair pair = NetPair.start(List.of(), "127.0.0.1", "127.0.0.1", 1L << 40, 0, 1, List.of("-Djava.net.preferIPv4Stack=true"));
             Tmux pane = Tmux.start(CLEAN, "bin/bpftop --backend bpf -d 300", 200, 45)) {
            await(pane, "NET/s and IO/s once a tick has rates", s -> header(s).contains("NET/s") && header(s).contains("IO/s"));
            pair.go(); // a stream over loopback that lasts until the test ends
            pane.type("N");
            pane.keys("Home"); // the selection follows its pid: back to the top of the new order
            String sorted = await(pane, "N to put a peer of the stream first", s -> header(s).contains("NET/s▼")
                    && (first(s).startsWith(pair.senderPid() + " ") || first(s).startsWith(pair.receiverPid() + " ")));
            assertTrue(sorted.contains("NET/s▼"), sorted);
            pane.type("D");
            await(pane, "D to sort by IO/s", s -> header(s).contains("IO/s▼"));
            pane.type("?");
            await(pane, "the help names both keys", s -> s.contains("sort by NET/s"));
            pane.type("q");
            pane.type("q");
        }
    }

    @Test
    void procfsShowsStorageRatesButNoNetwork() throws Exception {
        try (Tmux pane = Tmux.start(CLEAN, "bin/bpftop --backend procfs -d 300", 200, 45)) {
            String s = await(pane, "IO/s once a tick has rates", x -> header(x).contains("IO/s"));
            assertFalse(header(s).contains("NET/s"), "procfs counts no network bytes: " + header(s));
            pane.type("N");
            String flashed = await(pane, "N to say there is nothing to sort by", x -> x.contains("no net_rate column in this query, or no values in it"));
            assertFalse(header(flashed).contains("NET/s"), flashed);
            pane.type("q");
        }
    }

    private static String await(Tmux pane, String what, Predicate<String> condition) throws IOException {
        return pane.await(what, condition, WAIT);
    }

    private static String header(String screen) {
        return screen.lines().filter(l -> l.contains("PID") && l.contains("Command")).findFirst().orElse("");
    }

    private static String first(String screen) {
        List<String> lines = screen.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).contains("PID") && lines.get(i).contains("Command")) return lines.get(i + 1).strip();
        }
        return "";
    }
}
