package dev.bpftop.enrich.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A GET over a unix socket with HTTP/1.1 and "Connection: close", bounded by one deadline for
 * connect, send and receive (non-blocking I/O, since unix channels have no socket timeout).
 * Enough for the Docker Engine API; the JDK's HttpClient cannot dial unix sockets.
 */
final class UnixHttp {
    private static final int MAX_BODY = 32 << 20;
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private UnixHttp() {}

    /** The response body of a 2xx answer; anything else, or no answer in time, is an IOException. */
    static byte[] get(Path socket, String target, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            if (!ch.connect(UnixDomainSocketAddress.of(socket))) {
                await(ch, selector, SelectionKey.OP_CONNECT, deadline);
                ch.finishConnect();
            }
            ByteBuffer request = ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            while (request.hasRemaining()) {
                if (ch.write(request) == 0) await(ch, selector, SelectionKey.OP_WRITE, deadline);
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 << 10);
            while (true) {
                int n = ch.read(buf);
                if (n < 0) break;
                if (n == 0) {
                    await(ch, selector, SelectionKey.OP_READ, deadline);
                    continue;
                }
                response.write(buf.array(), 0, buf.position());
                buf.clear();
                if (response.size() > MAX_BODY) throw new IOException("response over " + MAX_BODY + " bytes");
                // a server that keeps the connection open despite "Connection: close" has still answered
                if (complete(response.toByteArray())) break;
            }
            return body(response.toByteArray());
        }
    }

    private static void await(SocketChannel ch, Selector selector, int op, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new SocketTimeoutException("no answer in time");
        SelectionKey key = ch.register(selector, op);
        selector.select(Math.max(1, left / 1_000_000));
        if (selector.selectedKeys().isEmpty()) throw new SocketTimeoutException("no answer in time");
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    /** Whether the bytes hold a whole response: its Content-Length has arrived, or the last chunk. */
    static boolean complete(byte[] raw) {
        int end = indexOf(raw, HEADER_END, 0);
        if (end < 0) return false;
        Long length = null;
        boolean chunked = false;
        for (String h : new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n")) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                try {
                    length = Long.parseLong(lower.substring("content-length:".length()).trim());
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        if (chunked) return indexOf(raw, LAST_CHUNK, end + 2) >= 0;
        return length != null && raw.length - end - HEADER_END.length >= length;
    }

    /** Splits status line and headers from the body and undoes chunked transfer encoding. */
    static byte[] body(byte[] raw) throws IOException {
        int end = indexOf(raw, HEADER_END, 0);
        if (end < 0) throw new IOException("incomplete HTTP response");
        String[] head = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = head[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) throw new IOException("not an HTTP response");
        if (!status[1].startsWith("2")) throw new IOException("HTTP " + head[0].substring(status[0].length()).trim());
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            String h = head[i].toLowerCase(Locale.ROOT);
            if (h.startsWith("transfer-encoding:") && h.contains("chunked")) chunked = true;
        }
        int start = end + 4;
        if (!chunked) return java.util.Arrays.copyOfRange(raw, start, raw.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = start;
        while (true) {
            int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, pos);
            if (lineEnd < 0) throw new IOException("truncated chunked body");
            String sizeField = new String(raw, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeField, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size " + sizeField);
            }
            if (size == 0) return out.toByteArray();
            int data = lineEnd + 2;
            if (data + size > raw.length) throw new IOException("truncated chunked body");
            out.write(raw, data, size);
            pos = data + size + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
