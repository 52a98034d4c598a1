package dev.bpftop.agent;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent socket's protocol, version 1 (docs/agent.md). Integers are unsigned 32-bit, big-endian.
 *
 * <pre>
 * request  (client to agent):  "bpftop-agent 1\n"  flags  width  argc  (length bytes){argc}
 *          flags bit 0: standard input and output are a terminal
 * response (agent to client):  frames, each  type(1 byte)  length  payload
 *          'o' bytes for standard output   'e' bytes for standard error
 *          'x' the exit status (payload: a u32), last
 *          'f' run standalone instead (nothing was written), last
 * </pre>
 * The client cancels by closing the connection; the agent stops the running statement.
 */
public final class Protocol {
    public static final String HELLO = "bpftop-agent 1\n";
    public static final byte STDOUT = 'o', STDERR = 'e', EXIT = 'x', FALLBACK = 'f';
    static final int MAX_ARGS = 4096;
    static final int MAX_REQUEST_BYTES = 4 << 20;

    private Protocol() {}

    /** A malformed request: the peer is no client of this version. */
    static final class BadRequest extends IOException {
        BadRequest(String message) { super(message); }
    }

    /** Reads one request; nothing else is read from the channel afterwards but its close. */
    static Request read(ByteChannel in) throws IOException {
        byte[] hello = bytes(in, HELLO.length());
        if (!Arrays.equals(hello, HELLO.getBytes(StandardCharsets.US_ASCII))) throw new BadRequest("not a bpftop-agent 1 request");
        ByteBuffer head = fill(in, ByteBuffer.allocate(12));
        int flags = head.getInt(), width = head.getInt(), argc = head.getInt();
        if (argc < 0 || argc > MAX_ARGS || width < 0) throw new BadRequest("bad request header");
        List<String> args = new ArrayList<>(argc);
        long total = 0;
        for (int i = 0; i < argc; i++) {
            int len = fill(in, ByteBuffer.allocate(4)).getInt();
            total += len;
            if (len < 0 || total > MAX_REQUEST_BYTES) throw new BadRequest("request too large");
            args.add(new String(bytes(in, len), StandardCharsets.UTF_8));
        }
        return new Request(args, (flags & 1) != 0, width);
    }

    /** A frame's header and payload in one buffer, so that frames never interleave. */
    static ByteBuffer frame(byte type, byte[] payload, int off, int len) {
        ByteBuffer b = ByteBuffer.allocate(5 + len).order(ByteOrder.BIG_ENDIAN);
        b.put(type).putInt(len).put(payload, off, len);
        return b.flip();
    }

    static ByteBuffer exit(int status) {
        return frame(EXIT, ByteBuffer.allocate(4).putInt(status).array(), 0, 4);
    }

    private static byte[] bytes(ByteChannel in, int n) throws IOException {
        return fill(in, ByteBuffer.allocate(n)).array();
    }

    private static ByteBuffer fill(ByteChannel in, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) throw new EOFException("the client closed the connection mid-request");
        }
        return b.flip();
    }
}
