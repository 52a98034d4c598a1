package dev.bpftop.bpf;

import static dev.bpftop.bpf.FileRecordLayout.*;
import static dev.bpftop.bpf.TaskRecord.i32;
import static dev.bpftop.bpf.TaskRecord.i64;

import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.SocketEntry;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The struct file_records (bpf/file_record.h) of a walk's buffer, one after another, read into the
 * collect model; paths and addresses through interners (see {@link Interner}) that the walks share.
 *
 * <p>One cursor per decoder, moved from record to record over a heap copy of the buffer taken 64
 * KiB at a time, and read with plain array loads: a read of the segment itself is a VarHandle call,
 * which C1 (bin/bpftop's JVMs) does not inline here, and a record object per record was 2 MB of
 * garbage a collection at 70,000 descriptors (see {@link PreviousFiles} for why garbage costs).
 */
final class FileRecord {
    /** Larger than the largest record (SIZE and a name of FILE_NAME_MAX), so that any record fits whole. */
    private static final int WINDOW = 64 << 10;

    private final byte[] b = new byte[WINDOW];
    private final Interner<String> paths;
    private final Interner<byte[]> addresses;
    private MemorySegment buffer;
    private long length, windowStart, next;
    private int windowLength, at, size;

    /** @param paths null for a decoder of socket records, which carry no path */
    FileRecord(Interner<String> paths, Interner<byte[]> addresses) {
        this.paths = paths;
        this.addresses = addresses;
    }

    /** Starts at the first of the records in the first {@code length} bytes of {@code buffer}. */
    void start(MemorySegment buffer, long length) {
        this.buffer = buffer;
        this.length = length;
        windowStart = next = 0;
        windowLength = 0;
    }

    /** Moves to the next record: false at the end, or where the last one is cut short. */
    boolean next() {
        if (next + HEAD_SIZE > length) return false;
        load(next, HEAD_SIZE);
        size = Math.max(i32(b, at + RECORD_SIZE), HEAD_SIZE);
        if (size > WINDOW || next + size > length) return false;
        if (size > HEAD_SIZE) load(next, size);
        next += size;
        return true;
    }

    /** Brings bytes [offset, offset + n) of the buffer into the window, and points {@link #at} at them. */
    private void load(long offset, int n) {
        if (offset < windowStart || offset + n > windowStart + windowLength) {
            windowStart = offset;
            windowLength = (int) Math.min(WINDOW, length - offset);
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, offset, b, 0, windowLength);
        }
        at = (int) (offset - windowStart);
    }

    int kind() { return u16(KIND); }

    int flags() { return i(FLAGS); }

    int tgid() { return i(TGID); }

    int fd() { return i(FD); }

    /** The join key of an fd's or an iterator's socket (see bpf/file_record.h); 0 for none. */
    long sockKey() { return i64(b, at + SOCK_KEY); }

    /** The fd's inode; for a socket's fd, the socket's (0 in a {@link #socketRef()}, which leaves it to the socket's record). */
    long inode() { return i64(b, at + INO); }

    /** Whether the socket fields are there: a record without them ends at the head. */
    boolean hasSocket() { return (flags() & FREC_HAS_SOCKET) != 0; }

    /** An fd whose socket a socket iterator's record with the same inode carries (see bpf/file_record.h). */
    boolean socketRef() { return (flags() & FREC_SOCKET_REF) != 0; }

    /**
     * @param withPath false leaves the path null: a walk that read no path has none to give
     * @param joined   the socket a socket iterator gave for a {@link #socketRef()}, else null
     * @param previous the same descriptor in an earlier collection, or null: given back as it is
     *                 when nothing of it changed, so that an unchanged descriptor costs no allocation
     */
    OpenFile toOpenFile(boolean withPath, SocketEntry joined, OpenFile previous) {
        long ino = socketRef() && joined != null ? joined.inode() : inode();
        int dev = i(DEV);
        SocketEntry socket = hasSocket() ? toSocket() : joined;
        String path = null;
        if (withPath && (flags() & FREC_PATH) != 0) path = paths.get(b, at + HEAD_SIZE, nameLength(HEAD_SIZE));
        else if (withPath) {
            // A socket's fd links to "socket:[ino]"; the walk sends the unix address in its place.
            path = previous != null && previous.inode() == ino && isSocketName(previous.path()) ? previous.path() : "socket:[" + ino + "]";
        }
        int pid = i(TGID), fd = i(FD), mode = i(I_MODE), flags = i(F_FLAGS), major = dev >>> 20, minor = dev & 0xfffff;
        long position = i64(b, at + POS);
        if (previous != null && previous.pid() == pid && previous.fd() == fd && previous.mode() == mode && previous.flags() == flags
                && previous.position() == position && previous.inode() == ino && previous.major() == major && previous.minor() == minor
                && previous.socket() == socket && (previous.path() == null ? path == null : previous.path().equals(path))) {
            return previous;
        }
        return new OpenFile(pid, fd, mode, flags, position, ino, major, minor, path, socket);
    }

    private static boolean isSocketName(String path) { return path != null && path.startsWith("socket:["); }

    SocketEntry toSocket() {
        int family = u16(FAMILY), protocol = u16(PROTOCOL), state = u8(STATE);
        boolean unix = family == SocketEntry.AF_UNIX, tcp = (flags() & FREC_HAS_TCP) != 0;
        int addrLength = family == SocketEntry.AF_INET ? 4 : 16;
        return new SocketEntry(family, protocol, u16(SOCK_TYPE), unixState(family, state),
                unix ? null : addresses.get(b, at + LOCAL_ADDR, addrLength), u16(LOCAL_PORT),
                unix ? null : addresses.get(b, at + REMOTE_ADDR, addrLength), u16(REMOTE_PORT),
                (flags() & FREC_UNIX_NAME) != 0 ? name() : null, i64(b, at + SOCK_INO),
                // /proc/net/unix shows neither a uid nor queues: NULL here too, so the backends agree
                unix ? null : Integer.toUnsignedLong(i(UID)), Integer.toUnsignedLong(i(NET_NS)),
                unix ? null : Integer.toUnsignedLong(i(SEND_QUEUE)), unix ? null : Integer.toUnsignedLong(i(RECV_QUEUE)),
                tcp ? i64(b, at + BYTES_ACKED) : null, tcp ? i64(b, at + BYTES_RECEIVED) : null,
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
    private byte[] name() {
        int from = hasSocket() ? SIZE : HEAD_SIZE;
        return Arrays.copyOfRange(b, at + from, at + from + nameLength(from));
    }

    /** The name's length, within the record that carries it from {@code from} on. */
    private int nameLength(int from) { return Math.max(0, Math.min(Math.min(u16(NAME_LEN), FILE_NAME_MAX), size - from)); }

    private int i(int offset) { return i32(b, at + offset); }

    private int u16(int offset) { return (b[at + offset] & 0xff) | (b[at + offset + 1] & 0xff) << 8; }

    private int u8(int offset) { return b[at + offset] & 0xff; }
}
