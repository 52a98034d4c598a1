package dev.bpftop.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A receiver and a sender process ({@link NetPeer}) with a known amount of traffic between them:
 * N bytes over TCP and K datagrams of SIZE bytes over UDP. The receiver may run under a prefix
 * ({@code ip netns exec NS}); both stay alive after the traffic until {@link #release()}.
 */
public final class NetPair implements AutoCloseable {
    /** What the receiver read: TCP bytes, UDP bytes and datagrams. */
    public record Got(long tcp, long udp, int datagrams) {}

    private final Peer receiver, sender;
    public final int tcpPort, udpPort;

    private NetPair(Peer receiver, Peer sender, int tcpPort, int udpPort) {
        this.receiver = receiver;
        this.sender = sender;
        this.tcpPort = tcpPort;
        this.udpPort = udpPort;
    }

    /**
     * @param receiverPrefix run before the receiver's java (e.g. ip netns exec NS), or empty
     * @param jvmOptions     for both (-Djava.net.preferIPv4Stack=true: AF_INET sockets)
     */
    public static NetPair start(List<String> receiverPrefix, String bindAddress, String targetAddress,
                                long tcpBytes, int datagrams, int size, List<String> jvmOptions) throws IOException {
        Peer r = Peer.start(receiverPrefix, jvmOptions, "receive", bindAddress, Integer.toString(datagrams));
        try {
            String[] ports = r.expect("ports").split(" ");
            Peer s = Peer.start(List.of(), jvmOptions, "send", targetAddress, ports[1], ports[2],
                    Long.toString(tcpBytes), Integer.toString(datagrams), Integer.toString(size));
            try {
                s.expect("ready");
                return new NetPair(r, s, Integer.parseInt(ports[1]), Integer.parseInt(ports[2]));
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    public int receiverPid() { return receiver.pid(); }

    public int senderPid() { return sender.pid(); }

    /** Lets the sender go, without waiting for it. */
    public void go() throws IOException { sender.say("go"); }

    /** Lets the sender go and waits until the receiver has read everything. */
    public Got transfer() throws IOException {
        sender.say("go");
        sender.expect("sent");
        String[] got = receiver.expect("got").split(" ");
        return new Got(Long.parseLong(got[1]), Long.parseLong(got[2]), Integer.parseInt(got[3]));
    }

    /** Lets both exit and waits for them (they are reaped: gone from /proc). */
    public void release() throws InterruptedException {
        receiver.release();
        sender.release();
    }

    @Override
    public void close() {
        receiver.close();
        sender.close();
    }

    private record Peer(Process process, BufferedReader out, Writer in) {
        static Peer start(List<String> prefix, List<String> jvmOptions, String... args) throws IOException {
            List<String> argv = new ArrayList<>(prefix);
            argv.add(ProcessHandle.current().info().command().orElse("java"));
            argv.addAll(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            argv.addAll(jvmOptions);
            argv.addAll(List.of("-cp", System.getProperty("java.class.path"), NetPeer.class.getName()));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Peer(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                    new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        }

        int pid() { return (int) process.pid(); }

        /** The next line, which must start with {@code word}. */
        String expect(String word) throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith(word)) throw new IOException("peer " + pid() + " said " + line + ", expected " + word);
            return line;
        }

        void say(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
        }

        void release() throws InterruptedException {
            try {
                in.close();
            } catch (IOException e) {
                // gone already
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) throw new AssertionError("peer " + pid() + " did not exit");
        }

        void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
