package dev.bpftop.testing;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The two ends of a known amount of traffic, each a process of its own (so each has its own
 * network counters), driven over stdin/stdout by the test:
 *
 * <pre>
 * receive ADDR K        prints "ports TCP UDP"; reads K datagrams, then one TCP stream to its end;
 *                       prints "got TCP_BYTES UDP_BYTES DATAGRAMS"; exits when stdin closes
 * send ADDR TCP UDP N K SIZE   prints "ready"; on the line "go" sends K datagrams of SIZE bytes,
 *                       then N bytes over TCP; prints "sent" once the receiver has read them all;
 *                       exits when stdin closes
 * </pre>
 * Nothing else crosses a socket: the sender reads only the end of the stream, so its received
 * bytes stay 0, and the receiver sends nothing.
 */
public final class NetPeer {
    private NetPeer() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        InetAddress addr = InetAddress.getByName(args[1]);
        if (args[0].equals("receive")) receive(addr, Integer.parseInt(args[2]));
        else send(addr, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]),
                Integer.parseInt(args[5]), Integer.parseInt(args[6]), in);
        while (in.readLine() != null) { } // stays alive, counted, until the test lets it go
    }

    private static void receive(InetAddress addr, int datagrams) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, addr); DatagramSocket udp = new DatagramSocket(new InetSocketAddress(addr, 0))) {
            udp.setReceiveBufferSize(4 << 20);
            say("ports " + server.getLocalPort() + " " + udp.getLocalPort());
            long udpBytes = 0;
            int got = 0;
            byte[] buf = new byte[65536];
            udp.setSoTimeout(30_000);
            try {
                for (; got < datagrams; got++) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    udp.receive(p);
                    udpBytes += p.getLength();
                }
            } catch (SocketTimeoutException e) {
                // some were lost: reported, and the test says so
            }
            long tcpBytes = 0;
            try (Socket s = server.accept(); InputStream stream = s.getInputStream()) {
                for (int n; (n = stream.read(buf)) > 0; ) tcpBytes += n;
            }
            say("got " + tcpBytes + " " + udpBytes + " " + got);
        }
    }

    private static void send(InetAddress addr, int tcpPort, int udpPort, long bytes, int datagrams, int size, BufferedReader in) throws Exception {
        say("ready");
        if (!"go".equals(in.readLine())) return;
        try (DatagramSocket udp = new DatagramSocket()) {
            byte[] d = new byte[size];
            for (int i = 0; i < datagrams; i++) {
                udp.send(new DatagramPacket(d, size, addr, udpPort));
                // Paced, so the receiver's socket buffer never overflows and drops one.
                if (i % 8 == 7) Thread.sleep(2);
            }
        }
        try (Socket s = new Socket(addr, tcpPort)) {
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[1 << 16];
            for (long left = bytes; left > 0; left -= Math.min(left, chunk.length)) out.write(chunk, 0, (int) Math.min(left, chunk.length));
            s.shutdownOutput();
            // The receiver closes once it has read everything: then every byte is counted on both ends.
            while (s.getInputStream().read() >= 0) { }
        }
        say("sent");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
