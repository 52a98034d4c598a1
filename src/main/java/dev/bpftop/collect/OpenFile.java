package dev.bpftop.collect;

/**
 * One open file descriptor of a process.
 *
 * @param mode   the inode's st_mode (file type and permissions)
 * @param flags  the open(2) flags
 * @param major  the device of the file's filesystem
 * @param path   what /proc/PID/fd/N links to ("pipe:[N]", "anon_inode:[eventfd]", " (deleted)" appended);
 *               null when the collection read no paths ({@link FileScope#NUMBERS}, {@link FileScope#SOCKETS})
 * @param socket the socket's details, for TCP, UDP and unix sockets; null for other files
 */
public record OpenFile(int pid, int fd, int mode, int flags, long position, long inode, int major, int minor,
                       String path, SocketEntry socket) {
    private static final int S_IFMT = 0170000;
    private static final String DELETED = " (deleted)";

    /** file, dir, socket, pipe, char, block, link, anon_inode (eventfd, epoll, timerfd...) or unknown. */
    public String type() {
        if (path != null && path.startsWith("anon_inode:")) return "anon_inode";
        return switch (mode & S_IFMT) {
            case 0100000 -> "file";
            case 0040000 -> "dir";
            case 0140000 -> "socket";
            case 0010000 -> "pipe";
            case 0020000 -> "char";
            case 0060000 -> "block";
            case 0120000 -> "link";
            default -> "unknown";
        };
    }

    /**
     * Whether the path was unlinked while open. Read from the link text, as lsof does, so both
     * backends agree; a file whose own name ends in " (deleted)" reads as deleted too.
     */
    public boolean deleted() { return path != null && path.startsWith("/") && path.endsWith(DELETED); }

    /** r, w or rw: the access the descriptor was opened for (lsof's FD suffix). */
    public String access() {
        return switch (flags & 3) {
            case 0 -> "r";
            case 1 -> "w";
            default -> "rw";
        };
    }

    public String device() { return major + ":" + minor; }

    /** The same descriptor as a walk that reads no path gives it. */
    public OpenFile withoutPath() { return new OpenFile(pid, fd, mode, flags, position, inode, major, minor, null, socket); }
}
