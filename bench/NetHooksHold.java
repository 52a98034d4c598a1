// Holds bpftop's network hooks (dev.bpftop.bpf.NetHooks) attached on command, for bench/net_hooks.sh:
// one JVM for a whole run, so that the settings can take turns every few seconds (a JVM start per
// turn costs minutes under emulation). Reads one word a line from stdin: fexit, tracepoint or kprobe
// attaches that kind alone (after detaching the one held), none detaches; answers one line each,
// "attached KIND", "refused KIND: why" or "detached". Idle in between: nothing here reads the maps.
//   java --enable-native-access=ALL-UNNAMED -cp target/bpftop.jar bench/NetHooksHold.java
import dev.bpftop.bpf.NetHooks;
import java.io.BufferedReader;
import java.io.InputStreamReader;

public class NetHooksHold {
    public static void main(String[] args) throws Exception {
        NetHooks held = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            String word = line.strip();
            if (held != null) held.close();
            held = null;
            if (word.equals("none")) {
                System.out.println("detached");
                continue;
            }
            NetHooks.Kind kind = null;
            for (NetHooks.Kind k : NetHooks.Kind.values()) if (k.toString().equals(word)) kind = k;
            if (kind == null) {
                System.out.println("refused " + word + ": no such kind");
                continue;
            }
            try {
                held = NetHooks.attach(kind);
                System.out.println("attached " + kind);
            } catch (RuntimeException e) {
                System.out.println("refused " + kind + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (held != null) held.close();
    }
}
