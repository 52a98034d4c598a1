package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of statement, as the one parser types it (FREEZE's forms: FreezeGrammarTest; WATCH's: WatchStatementTest). */
class GrammarTest {

    @Test
    void sqlIsAQueryForCalciteWithItsLeadingBlanksAndWithoutItsSemicolon() throws SqlError {
        assertEquals(new Statement.Query("  SELECT 1"), Grammar.parse("  SELECT 1 ;  "));
        assertEquals(new Statement.Query("WITH a AS (SELECT 1) SELECT * FROM a"), Grammar.parse("WITH a AS (SELECT 1) SELECT * FROM a"));
        assertEquals(new Statement.Query("VALUES (1)"), Grammar.parse("VALUES (1);"));
        // Mistakes are Calcite's to report, with their positions.
        assertEquals(new Statement.Query("SELEC 1"), Grammar.parse("SELEC 1"));
        assertEquals(new Statement.Query("SELECT ';'"), Grammar.parse("SELECT ';'"));
    }

    @Test
    void explainDescribeAndShowTables() throws SqlError {
        assertEquals(new Statement.Explain("EXPLAIN PLAN FOR SELECT pid FROM processes"), Grammar.parse("EXPLAIN PLAN FOR SELECT pid FROM processes;"));
        assertEquals(new Statement.Explain("/* why */ explain plan for select 1"), Grammar.parse("/* why */ explain plan for select 1"));
        assertEquals(new Statement.Describe("processes", 1, 10), Grammar.parse("DESCRIBE processes"));
        assertEquals(new Statement.Describe("\"Top\"", 2, 3), Grammar.parse("desc\n  \"Top\";"));
        assertEquals(new Statement.ShowTables(), Grammar.parse("SHOW TABLES"));
        assertEquals(new Statement.ShowTables(), Grammar.parse("show  tables;"));
        assertEquals(new Statement.ShowTables(), Grammar.parse("DESCRIBE"));
        // Forms of these words that are not ours go to Calcite, which accepts or refuses them.
        assertInstanceOf(Statement.Query.class, Grammar.parse("DESCRIBE TABLE processes"));
        assertInstanceOf(Statement.Query.class, Grammar.parse("SHOW COLUMNS"));
        assertInstanceOf(Statement.Query.class, Grammar.parse("DESCRIBER x"));
    }

    @Test
    void watchFreezeAndThawAreTyped() throws SqlError {
        assertEquals(new Statement.Watch(Duration.ofMillis(500), "SELECT 1"), Grammar.parse("-- live\nWATCH 500ms SELECT 1;"));
        assertEquals(new Statement.Freeze(Statement.Target.PID, "7", 1, 12), Grammar.parse("FREEZE PID 7"));
        assertEquals(new Statement.Thaw(Statement.Target.WHERE, "comm = 'x'", 1, 12), Grammar.parse("THAW WHERE comm = 'x';"));
        assertEquals(Statement.Freeze.pid(7).target(), Statement.Target.PID);
        assertEquals(7, Statement.Thaw.pid(7).pid());
    }

    @Test
    void keywordsAreTheSqlWordsAndEveryStatementsOwn() {
        for (String k : List.of("SELECT", "FROM", "WHERE", "ILIKE", "EXPLAIN", "DESCRIBE", "SHOW", "TABLES", "FREEZE", "THAW", "WATCH",
                "CGROUP", "UNIT", "CONTAINER", "ALL")) {
            assertTrue(Grammar.keywords().contains(k), k);
        }
        assertFalse(Grammar.keywords().contains("PID"), "PID is also the pid column: not highlighted as a keyword");
        assertThrows(UnsupportedOperationException.class, () -> Grammar.keywords().add("X"));
    }

    @Test
    void whatAStatementMayStartWithIsListedFromTheGrammar() {
        assertEquals("SELECT, WITH, VALUES, EXPLAIN, DESCRIBE, SHOW TABLES, FREEZE, THAW or WATCH", Grammar.statementStarts());
    }

    @Test
    void freezeTargetsNameTheColumnCompletionOffers() {
        assertEquals("unit", Grammar.targetColumn("freeze", "Unit"));
        assertEquals("cgroup", Grammar.targetColumn("THAW", "CGROUP"));
        assertNull(Grammar.targetColumn("THAW", "PID"));
        assertNull(Grammar.targetColumn("SELECT", "UNIT"));
        assertNull(Grammar.targetColumn("FREEZE", "'x'"));
    }
}
