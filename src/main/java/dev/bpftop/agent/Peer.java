package dev.bpftop.agent;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Who is on the other end of the socket, as the kernel says (SO_PEERCRED, taken at connect).
 * Java reports the ids as names; they are looked up again in /etc/passwd and /etc/group (a name
 * Java could not resolve comes as the number itself).
 */
public record Peer(int uid, int gid) {
    public static final Peer ROOT = new Peer(0, 0);
    /** No user: owns no process, so sees no task's private columns. (uid_t -1 is no valid id.) */
    public static final Peer ANONYMOUS = new Peer(-1, -1);

    public boolean isRoot() { return uid == 0; }

    static Peer of(SocketChannel channel) throws IOException {
        var principal = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
        return new Peer(id(principal.user().getName(), Path.of("/etc/passwd")),
                id(principal.group().getName(), Path.of("/etc/group")));
    }

    /** The number behind a user or group name; an unknown name is refused (no guess at rights). */
    static int id(String name, Path database) throws IOException {
        if (name.matches("\\d{1,10}")) return Integer.parseUnsignedInt(name);
        List<String> lines;
        try {
            lines = Files.readAllLines(database);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[0].equals(name) && f[2].matches("\\d{1,10}")) return Integer.parseUnsignedInt(f[2]);
        }
        throw new IOException("peer's " + name + " is in no " + database);
    }
}
