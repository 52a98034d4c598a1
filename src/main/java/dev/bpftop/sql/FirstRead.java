package dev.bpftop.sql;

import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * What the first read of a result sets up in the JDK, done before the statement's snapshot is
 * taken: Avatica's result set starts with a calendar for the session's zone, and Calcite's data
 * context reads the zone's offsets. In a cold JVM that is the time-zone database and the locale
 * providers' calendar data, ~25 ms; a one-liner's snapshot waits for the BPF backend to open, so
 * done first it overlaps with that, instead of following it.
 */
final class FirstRead {
    private static volatile boolean done;

    private FirstRead() {}

    /** Sets up, once per process, what reading a result in {@code zone} needs. */
    static void prepare(String zone) {
        if (done) return;
        Calendar.getInstance(TimeZone.getTimeZone(zone), Locale.ROOT);
        done = true;
    }
}
