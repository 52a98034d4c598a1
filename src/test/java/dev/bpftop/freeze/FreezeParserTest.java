package dev.bpftop.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.freeze.FreezeCommand.Target;
import dev.bpftop.freeze.FreezeCommand.Verb;
import dev.bpftop.sql.SqlError;
import org.junit.jupiter.api.Test;

class FreezeParserTest {

    @Test
    void everyFormInAnyCase() throws SqlError {
        assertEquals(new FreezeCommand(Verb.FREEZE, Target.CGROUP, "/a/b", 1, 15), FreezeParser.parse("FREEZE CGROUP '/a/b'"));
        assertEquals(new FreezeCommand(Verb.THAW, Target.UNIT, "nginx.service", 1, 11), FreezeParser.parse("thaw Unit 'nginx.service'"));
        assertEquals(new FreezeCommand(Verb.FREEZE, Target.CONTAINER, "it's", 1, 18), FreezeParser.parse("Freeze container 'it''s'"));
        assertEquals(42, FreezeParser.parse("freeze pid 42").pid());
        assertEquals(new FreezeCommand(Verb.FREEZE, Target.PID, "7", 2, 21), FreezeParser.parse("-- why\nFREEZE /* it */ PID 7 -- done"));
        assertEquals(new FreezeCommand(Verb.THAW, Target.ALL, "", 1, 9), FreezeParser.parse("THAW ALL"));
        FreezeCommand where = FreezeParser.parse("FREEZE\n  WHERE comm = 'x' AND\n uid = 0");
        assertEquals(Target.WHERE, where.target());
        assertEquals("comm = 'x' AND\n uid = 0", where.argument());
        assertEquals(2, where.line());
        assertEquals(9, where.column());
    }

    @Test
    void acceptsOnlyItsOwnStatements() {
        assertTrue(FreezeParser.accepts("  freeze pid 1"));
        assertTrue(FreezeParser.accepts("THAW ALL"));
        assertFalse(FreezeParser.accepts("SELECT 'freeze'"));
        assertFalse(FreezeParser.accepts("freezer pid 1"));
        assertTrue(FreezeParser.accepts("-- pause it\n/* now */ FREEZE PID 1"));
        assertFalse(FreezeParser.accepts("-- FREEZE PID 1\nSELECT 1"));
    }

    @Test
    void errorsAreOneLineWithPosition() {
        assertError("FREEZE CGROUPS 'x'", 1, 8, "expected CGROUP, UNIT, CONTAINER, PID or WHERE after FREEZE, found 'CGROUPS'");
        assertError("FREEZE ALL", 1, 8, "FREEZE ALL is not allowed");
        assertError("THAW", 1, 5, "expected CGROUP, UNIT, CONTAINER, PID, WHERE or ALL after THAW");
        assertError("FREEZE CGROUP /a", 1, 15, "expected a cgroup path in single quotes after CGROUP, found '/a'");
        assertError("FREEZE UNIT 'x", 1, 13, "unterminated string");
        assertError("FREEZE UNIT ''", 1, 13, "empty unit name");
        assertError("FREEZE PID x", 1, 12, "expected a process id after PID, found 'x'");
        assertError("FREEZE PID 0", 1, 12, "not a process id: 0");
        assertError("FREEZE PID 99999999999", 1, 12, "not a process id");
        assertError("FREEZE PID 1 2", 1, 14, "unexpected '2' after the target");
        assertError("THAW ALL\nnow", 2, 1, "unexpected 'now' after the target");
        assertError("FREEZE WHERE", 1, 13, "expected a condition over processes after WHERE");
        assertError("FREEZE PID \u001b[31m", 1, 12, "found '\\x1b[31m'");
    }

    private static void assertError(String statement, int line, int column, String message) {
        SqlError e = assertThrows(SqlError.class, () -> FreezeParser.parse(statement));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(line, e.line(), e.oneLine());
        assertEquals(column, e.column(), e.oneLine());
        assertFalse(e.oneLine().contains("\n"));
        assertFalse(e.oneLine().contains("\u001b"));
    }
}
