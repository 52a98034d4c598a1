package dev.bpftop.cgroup;

/** A refusal or failure of a cgroup operation, its message one line ready for the user. */
public final class CgroupException extends Exception {
    public CgroupException(String message) { super(message); }
}
