package dev.bpftop.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Task's copies are written field by field: a field added to Task and left out of them fails here. */
class TaskTest {
    /** What a collector adds to a row after the task's record, which carriedForward() leaves out. */
    private static final Set<String> PER_SNAPSHOT = Set.of("cgroupPath", "cmdline");

    @Test
    void copyKeepsEveryField() throws Exception {
        Task t = filled();
        Task c = t.copy();
        for (Field f : fields()) assertEquals(f.get(t), f.get(c), f.getName());
    }

    @Test
    void carriedForwardKeepsWhatTheWalkReadAndDropsWhatTheSnapshotAdded() throws Exception {
        Task t = filled();
        Task c = t.carriedForward();
        Task fresh = new Task();
        for (Field f : fields()) {
            if (PER_SNAPSHOT.contains(f.getName())) assertEquals(f.get(fresh), f.get(c), f.getName());
            else assertEquals(f.get(t), f.get(c), f.getName());
        }
    }

    /** Every field set to a value no other field and no default has. */
    private static Task filled() throws Exception {
        Task t = new Task();
        Task fresh = new Task();
        int n = 100;
        for (Field f : fields()) {
            n++;
            Class<?> type = f.getType();
            if (type == int.class) f.setInt(t, n);
            else if (type == long.class) f.setLong(t, 1_000_000L * n);
            else if (type == char.class) f.setChar(t, (char) ('A' + n % 26));
            else if (type == boolean.class) f.setBoolean(t, true);
            else if (type == String.class) f.set(t, "s" + n);
            else if (type == double.class) f.setDouble(t, n + 0.5);
            else throw new AssertionError("a field of a type this test does not know: " + f);
            assertNotEquals(f.get(fresh), f.get(t), f.getName());
        }
        return t;
    }

    private static List<Field> fields() {
        List<Field> all = new ArrayList<>();
        for (Field f : Task.class.getDeclaredFields()) if (!Modifier.isStatic(f.getModifiers())) all.add(f);
        return all;
    }
}
