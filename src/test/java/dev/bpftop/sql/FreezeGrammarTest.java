package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.sql.Statement.Freeze;
import dev.bpftop.sql.Statement.Target;
import dev.bpftop.sql.Statement.Thaw;
import org.junit.jupiter.api.Test;

/** FREEZE and THAW as {@link Grammar} reads them (was FreezeParserTest). */
class FreezeGrammarTest {

    @Test
    void everyFormInAnyCase() throws SqlError {
        assertEquals(new Freeze(Target.CGROUP, "/a/b", 1, 15), Grammar.parse("FREEZE CGROUP '/a/b'"));
        assertEquals(new Thaw(Target.UNIT, "nginx.service", 1, 11), Grammar.parse("thaw Unit 'nginx.service'"));
        assertEquals(new Freeze(Target.CONTAINER, "it's", 1, 18), Grammar.parse("Freeze container 'it''s'"));
        assertEquals(42, ((Freeze) Grammar.parse("freeze pid 42")).pid());
        assertEquals(new Freeze(Target.PID, "7", 2, 21), Grammar.parse("-- why\nFREEZE /* it */ PID 7 -- done"));
        assertEquals(new Thaw(Target.ALL, "", 1, 9), Grammar.parse("THAW ALL"));
        Statement.Freezing where = (Statement.Freezing) Grammar.parse("FREEZE\n  WHERE comm = 'x' AND\n uid = 0");
        assertEquals(Target.WHERE, where.target());
        assertEquals("comm = 'x' AND\n uid = 0", where.argument());
        assertEquals(2, where.line());
        assertEquals(9, where.column());
    }

    @Test
    void acceptsOnlyItsOwnStatements() throws SqlError {
        assertInstanceOf(Freeze.class, Grammar.parse("  freeze pid 1"));
        assertInstanceOf(Thaw.class, Grammar.parse("THAW ALL"));
        assertInstanceOf(Statement.Query.class, Grammar.parse("SELECT 'freeze'"));
        assertInstanceOf(Statement.Query.class, Grammar.parse("freezer pid 1"));
        assertInstanceOf(Freeze.class, Grammar.parse("-- pause it\n/* now */ FREEZE PID 1"));
        assertInstanceOf(Statement.Query.class, Grammar.parse("-- FREEZE PID 1\nSELECT 1"));
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
        // What a process or a person typed is quoted as it is; the front end that prints the line
        // makes it safe (CliTest#errorLinesAreSafeForTheTerminal shows "found '\x1b[31m'" on stderr).
        assertError("FREEZE PID \u001b[31m", 1, 12, "found '\u001b[31m'");
    }

    private static void assertError(String statement, int line, int column, String message) {
        SqlError e = assertThrows(SqlError.class, () -> Grammar.parse(statement));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(line, e.line(), e.oneLine());
        assertEquals(column, e.column(), e.oneLine());
        assertFalse(e.oneLine().contains("\n"));
    }
}
