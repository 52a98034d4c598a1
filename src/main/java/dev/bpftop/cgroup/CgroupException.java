package dev.bpftop.cgroup;

/** A refusal or failure of a cgroup operation, its message one line ready for the user. */
public class CgroupException extends Exception {
    public CgroupException(String message) { super(message); }

    /** A target that is no longer what the plan showed (exited, pid reused, moved): refused, nothing changed for it. */
    public static final class TargetChanged extends CgroupException {
        public TargetChanged(String message) { super(message); }
    }
}
