package dev.bpftop.collect;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One TCP, UDP or unix socket as the kernel keeps it, in the kernel's own numbers so that both
 * backends produce the same values and the names are chosen in one place. Fields one backend
 * cannot see are null (procfs has no TCP byte counters, and no uid or queues for unix sockets).
 *
 * @param family     AF_INET, AF_INET6 or AF_UNIX
 * @param protocol   IPPROTO_TCP or IPPROTO_UDP; 0 for unix
 * @param type       SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET...
 * @param state      sk_state in TCP's numbering (unix and UDP sockets use 1, 7 and 10 of it)
 * @param localAddr  4 or 16 bytes in network order; null for unix
 * @param unixName   a unix socket's bound address as bound: a leading NUL for an abstract name
 * @param inode      the socket's inode; 0 for none (TIME_WAIT, request sockets)
 * @param netNs      inode of the socket's network namespace
 */
public record SocketEntry(int family, int protocol, int type, int state, byte[] localAddr, int localPort,
                          byte[] remoteAddr, int remotePort, byte[] unixName, long inode, Long uid, long netNs,
                          Long sendQueue, Long recvQueue, Long bytesAcked, Long bytesReceived, Long retransmits) {
    public static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, TCP = 6, UDP = 17;
    public static final int ESTABLISHED = 1, CLOSE = 7, LISTEN = 10;
    private static final String[] TCP_STATES = {null, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    public String familyName() {
        return switch (family) {
            case AF_UNIX -> "unix";
            case AF_INET -> "inet";
            case AF_INET6 -> "inet6";
            default -> Integer.toString(family);
        };
    }

    public String protocolName() {
        return switch (family == AF_UNIX ? -1 : protocol) {
            case -1 -> "unix";
            case TCP -> "tcp";
            case UDP -> "udp";
            default -> Integer.toString(protocol);
        };
    }

    public String typeName() {
        return switch (type) {
            case 1 -> "stream";
            case 2 -> "dgram";
            case 3 -> "raw";
            case 5 -> "seqpacket";
            default -> Integer.toString(type);
        };
    }

    /**
     * TCP's state names for TCP; a socket without connections (UDP or unix, unbound or bound)
     * is UNCONN, as ss calls it, since TCP's CLOSE would suggest one that ended.
     */
    public String stateName() {
        if (protocol != TCP && state == CLOSE) return "UNCONN";
        return state > 0 && state < TCP_STATES.length ? TCP_STATES[state] : Integer.toString(state);
    }

    public String localAddress() { return address(localAddr); }

    public String remoteAddress() { return address(remoteAddr); }

    /** Ports mean nothing for unix sockets: NULL there rather than 0. */
    public Integer localPortOrNull() { return family == AF_UNIX ? null : localPort; }

    public Integer remotePortOrNull() { return family == AF_UNIX ? null : remotePort; }

    /**
     * The unix address as /proc/net/unix and ss write it: an abstract name as '@' and its bytes
     * with each NUL shown as '@'; bytes other than UTF-8 kept (see {@link RawText}).
     */
    public String unixPath() {
        if (unixName == null || unixName.length == 0) return null;
        byte[] shown = unixName.clone();
        int length = shown.length;
        if (shown[0] != 0) {
            // A path name is bound with its NUL (and sometimes more): it ends at the first one.
            for (int i = 0; i < length; i++) if (shown[i] == 0) { length = i; break; }
        }
        for (int i = 0; i < length; i++) if (shown[i] == 0) shown[i] = '@';
        return RawText.decode(shown, 0, length);
    }

    /** RFC 5952 text ("::1", "fe80::1"), as ss and osquery write addresses. */
    private String address(byte[] a) {
        if (family == AF_UNIX || a == null) return null;
        try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(a));
        } catch (UnknownHostException e) {
            return null; // never: the length is 4 or 16
        }
    }
}
