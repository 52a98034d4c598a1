package dev.bpftop.collect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses /proc/net/{tcp,tcp6,udp,udp6,unix} into {@link SocketEntry}s. Addresses there are the
 * kernel's 32-bit words printed in host order (little-endian here), so each word's bytes are
 * turned back around. /proc/net/unix prints a socket's path raw, a newline included: a line that
 * does not start a new entry continues the previous one's path.
 */
final class ProcNetParser {
    private static final Pattern UNIX = Pattern.compile(
            "^[0-9a-f]+: [0-9A-F]{8} [0-9A-F]{8} ([0-9A-F]{8}) ([0-9A-F]{4}) ([0-9A-F]{2}) +(\\d+)(?: (.*))?$");
    private static final int ACCEPTCON = 0x10000, SS_CONNECTED = 3;

    private ProcNetParser() {}

    /** The TCP or UDP sockets of one table (tcp, tcp6, udp, udp6). */
    static List<SocketEntry> inet(byte[] text, int family, int protocol, long netNs) {
        List<SocketEntry> out = new ArrayList<>();
        String[] lines = new String(text, StandardCharsets.ISO_8859_1).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 10) continue;
            String[] local = f[1].split(":"), remote = f[2].split(":"), queues = f[4].split(":");
            out.add(new SocketEntry(family, protocol, protocol == SocketEntry.TCP ? 1 : 2, Integer.parseInt(f[3], 16),
                    address(local[0]), Integer.parseInt(local[1], 16), address(remote[0]), Integer.parseInt(remote[1], 16),
                    null, Long.parseLong(f[9]), Long.parseLong(f[7]), netNs,
                    Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16), null, null, null));
        }
        return out;
    }

    /** The unix sockets; their state is the struct socket's, mapped onto sk_state's numbers as the BPF side reads them. */
    static List<SocketEntry> unix(byte[] text, long netNs) {
        List<SocketEntry> out = new ArrayList<>();
        String all = new String(text, StandardCharsets.ISO_8859_1); // byte for char: the path's bytes survive
        if (all.endsWith("\n")) all = all.substring(0, all.length() - 1);
        String[] lines = all.split("\n", -1);
        Matcher m = null;
        StringBuilder path = null;
        for (int i = 1; i < lines.length; i++) {
            Matcher next = UNIX.matcher(lines[i]);
            if (next.matches()) {
                if (m != null) out.add(unixEntry(m, path, netNs));
                m = next;
                path = m.group(5) != null ? new StringBuilder(m.group(5)) : null;
            } else if (m != null) {
                path = (path == null ? new StringBuilder() : path.append('\n')).append(lines[i]);
            }
        }
        if (m != null) out.add(unixEntry(m, path, netNs));
        return out;
    }

    private static SocketEntry unixEntry(Matcher m, StringBuilder path, long netNs) {
        int flags = Integer.parseInt(m.group(1), 16), type = Integer.parseInt(m.group(2), 16);
        int st = Integer.parseInt(m.group(3), 16);
        int state = (flags & ACCEPTCON) != 0 ? SocketEntry.LISTEN : st == SS_CONNECTED ? SocketEntry.ESTABLISHED : SocketEntry.CLOSE;
        byte[] name = null;
        if (path != null) {
            name = path.toString().getBytes(StandardCharsets.ISO_8859_1);
            // The kernel wrote an abstract name's leading NUL as '@': give it back, as the BPF side reads it.
            if (name.length > 0 && name[0] == '@') name[0] = 0;
        }
        return new SocketEntry(SocketEntry.AF_UNIX, 0, type, state, null, 0, null, 0, name, Long.parseLong(m.group(4)),
                null, netNs, null, null, null, null, null);
    }

    /** "0100007F" → 127.0.0.1; 32 digits → the IPv6 address, word by word. */
    private static byte[] address(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int w = 0; w < raw.length; w += 4) {
            byte b0 = raw[w], b1 = raw[w + 1];
            raw[w] = raw[w + 3];
            raw[w + 1] = raw[w + 2];
            raw[w + 2] = b1;
            raw[w + 3] = b0;
        }
        return raw;
    }
}
