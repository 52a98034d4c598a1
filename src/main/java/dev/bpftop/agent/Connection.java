package dev.bpftop.agent;

import dev.bpftop.sql.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One client, from its request to its exit status, on a thread of its own. While the request
 * runs, a second thread waits for the client to hang up (Ctrl-C closes the client's end) and then
 * interrupts the run, which cancels the statement as Ctrl-C does in the shell.
 */
final class Connection implements Runnable {
    private final SocketChannel channel;
    private final SessionPool sessions;
    private final Handler handler;
    private final boolean allowControl;
    private volatile boolean finished;
    private volatile boolean hungUp;

    Connection(SocketChannel channel, SessionPool sessions, Handler handler, boolean allowControl) {
        this.channel = channel;
        this.sessions = sessions;
        this.handler = handler;
        this.allowControl = allowControl;
    }

    @Override
    public void run() {
        try (channel) {
            Peer peer = Peer.of(channel);
            Request request;
            try {
                request = Protocol.read(channel);
            } catch (Protocol.BadRequest e) {
                FrameStream.send(channel, Protocol.frame(Protocol.FALLBACK, new byte[0], 0, 0)); // another version: run standalone
                return;
            }
            serve(request, peer);
        } catch (IOException e) {
            // the client went away before its request was whole
        } finally {
            Thread.interrupted(); // a hang-up noticed at the very end; the thread ends here
        }
    }

    private void serve(Request request, Peer peer) {
        Thread worker = Thread.currentThread();
        Thread watcher = Thread.ofPlatform().daemon().name("bpftop-agent-hangup").start(() -> {
            if (waitForHangUp() && !finished) {
                hungUp = true;
                worker.interrupt();
            }
        });
        FrameStream out = new FrameStream(channel, Protocol.STDOUT);
        FrameStream errFrames = new FrameStream(channel, Protocol.STDERR);
        PrintStream err = new PrintStream(errFrames, true, StandardCharsets.UTF_8);
        PrintStream stdout = new PrintStream(out, false, StandardCharsets.UTF_8);
        Session session = sessions.take();
        int status;
        try {
            session.view(PeerView.of(peer));
            status = handler.handle(request, session, Control.forPeer(peer, allowControl), stdout, err);
        } finally {
            finished = true;
        }
        stdout.flush();
        err.flush();
        if (hungUp || worker.isInterrupted()) SessionPool.discard(session);
        else sessions.give(session);
        FrameStream.send(channel, status == Handler.FALLBACK ? Protocol.frame(Protocol.FALLBACK, new byte[0], 0, 0) : Protocol.exit(status));
    }

    /** True once the client closed its end; false when the connection closed under us first. */
    private boolean waitForHangUp() {
        ByteBuffer b = ByteBuffer.allocate(64);
        try {
            while (true) {
                b.clear();
                if (channel.read(b) < 0) return true;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
