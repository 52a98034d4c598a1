package dev.bpftop.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One of the client's output streams (stdout or stderr), sent as frames over the connection.
 * Buffered until flushed. Like a standalone run's System.out, it never throws: once the client is
 * gone, what is written is dropped (the agent stops the statement when it sees the hang-up).
 */
final class FrameStream extends OutputStream {
    private static final int SIZE = 64 << 10;
    private final SocketChannel channel;
    private final byte type;
    private final byte[] buffer = new byte[SIZE];
    private int used;

    FrameStream(SocketChannel channel, byte type) {
        this.channel = channel;
        this.type = type;
    }

    @Override
    public synchronized void write(int b) {
        if (used == SIZE) flush();
        buffer[used++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == SIZE) flush();
            int n = Math.min(len, SIZE - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public synchronized void flush() {
        if (used == 0) return;
        send(channel, Protocol.frame(type, buffer, 0, used));
        used = 0;
    }

    /** Frames of both streams go out whole, one at a time, in the order they were flushed. */
    static void send(SocketChannel channel, ByteBuffer frame) {
        synchronized (channel) {
            try {
                while (frame.hasRemaining()) channel.write(frame);
            } catch (IOException e) {
                // the client hung up: nothing more reaches it
            }
        }
    }
}
