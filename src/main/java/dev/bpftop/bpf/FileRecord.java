package dev.bpftop.bpf;

import static dev.bpftop.bpf.FileRecordLayout.*;

import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.SocketEntry;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One struct file_record (bpf/file_record.h) at an offset of a walk's buffer, read into the
 * collect model; paths and addresses through interners (see {@link Interner}) that the walks share.
 */
record FileRecord(MemorySegment buf, long at, Interner<String> paths, Interner<byte[]> addresses) {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    int size() { return i(RECORD_SIZE); }

    int kind() { return Short.toUnsignedInt(buf.get(SHORT, at + KIND)); }

    int flags() { return i(FLAGS); }

    int tgid() { return i(TGID); }

    long socketInode() { return buf.get(LONG, at + SOCK_INO); }

    /** The join key of an fd's or an iterator's socket (see bpf/file_record.h); 0 for none. */
    long sockKey() { return buf.get(LONG, at + SOCK_KEY); }

    /** The fd's inode; for a socket's fd, the socket's (0 in a {@link #socketRef()}, which leaves it to the socket's record). */
    long inode() { return buf.get(LONG, at + INO); }

    /** Whether the socket fields are there: a record without them ends at the head. */
    boolean hasSocket() { return (flags() & FREC_HAS_SOCKET) != 0; }

    /** An fd whose socket a socket iterator's record with the same inode carries (see bpf/file_record.h). */
    boolean socketRef() { return (flags() & FREC_SOCKET_REF) != 0; }

    /**
     * @param withPath false leaves the path null: a walk that read no path has none to give
     * @param joined   the socket a socket iterator gave for a {@link #socketRef()}, else null
     */
    OpenFile toOpenFile(boolean withPath, SocketEntry joined) {
        long ino = socketRef() && joined != null ? joined.inode() : inode();
        int dev = i(DEV);
        SocketEntry socket = hasSocket() ? toSocket() : joined;
        // A socket's fd links to "socket:[ino]"; the walk sends the unix address in its place.
        String path = !withPath ? null : (flags() & FREC_PATH) != 0 ? paths.get(buf, at + HEAD_SIZE, nameLength()) : "socket:[" + ino + "]";
        return new OpenFile(i(TGID), i(FD), i(I_MODE), i(F_FLAGS), buf.get(LONG, at + POS), ino,
                dev >>> 20, dev & 0xfffff, path, socket);
    }

    SocketEntry toSocket() {
        int family = u16(FAMILY), protocol = u16(PROTOCOL), state = u8(STATE);
        boolean unix = family == SocketEntry.AF_UNIX, tcp = (flags() & FREC_HAS_TCP) != 0;
        int addrLength = family == SocketEntry.AF_INET ? 4 : 16;
        return new SocketEntry(family, protocol, u16(SOCK_TYPE), unixState(family, state),
                unix ? null : addresses.get(buf, at + LOCAL_ADDR, addrLength), u16(LOCAL_PORT),
                unix ? null : addresses.get(buf, at + REMOTE_ADDR, addrLength), u16(REMOTE_PORT),
                (flags() & FREC_UNIX_NAME) != 0 ? name() : null, socketInode(),
                // /proc/net/unix shows neither a uid nor queues: NULL here too, so the backends agree
                unix ? null : Integer.toUnsignedLong(i(UID)), Integer.toUnsignedLong(i(NET_NS)),
                unix ? null : Integer.toUnsignedLong(i(SEND_QUEUE)), unix ? null : Integer.toUnsignedLong(i(RECV_QUEUE)),
                tcp ? buf.get(LONG, at + BYTES_ACKED) : null, tcp ? buf.get(LONG, at + BYTES_RECEIVED) : null,
                tcp ? (Long) Integer.toUnsignedLong(i(RETRANSMITS)) : null);
    }

    /**
     * A unix socket's state as /proc/net/unix derives it: listening, or connected by its struct
     * socket (SS_CONNECTED), else unconnected. sk_state alone calls a connected datagram socket
     * established in one place and not in the other.
     */
    private int unixState(int family, int state) {
        if (family != SocketEntry.AF_UNIX || state == SocketEntry.LISTEN) return state;
        return u8(SOCK_STATE) == 3 ? SocketEntry.ESTABLISHED : SocketEntry.CLOSE;
    }

    /** The name follows the record: the whole one, or its head when it has no socket fields. */
    private byte[] name() { return bytes(hasSocket() ? SIZE : HEAD_SIZE, nameLength()); }

    private int nameLength() { return Math.min(u16(NAME_LEN), FILE_NAME_MAX); }

    private byte[] bytes(int offset, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, at + offset, b, 0, n);
        return b;
    }

    private int i(int offset) { return buf.get(INT, at + offset); }

    private int u16(int offset) { return Short.toUnsignedInt(buf.get(SHORT, at + offset)); }

    private int u8(int offset) { return Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, at + offset)); }
}
