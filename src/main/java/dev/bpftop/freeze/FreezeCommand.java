package dev.bpftop.freeze;

/**
 * A parsed FREEZE or THAW statement. {@code argument} is the quoted string's value, the pid's
 * digits or the WHERE predicate's text; {@code line}/{@code column} say where it starts, so
 * errors about the target point at it.
 */
public record FreezeCommand(Verb verb, Target target, String argument, int line, int column) {
    public enum Verb { FREEZE, THAW }

    public enum Target { CGROUP, UNIT, CONTAINER, PID, WHERE, ALL }

    public long pid() { return Long.parseLong(argument); }
}
