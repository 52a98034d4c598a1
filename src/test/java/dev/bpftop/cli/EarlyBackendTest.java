package dev.bpftop.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EarlyBackendTest {

    @AfterEach
    void noneLeftOpen() { EarlyBackend.discard(); }

    @Test
    void opensEarlyOnlyForStatementsOnTheDefaultBackend() {
        assertTrue(EarlyBackend.plainStatements(new String[] {"--no-agent", "-e", "SELECT 1"}));
        assertTrue(EarlyBackend.plainStatements(new String[] {"--format", "csv", "-eSELECT 1"}));
        assertTrue(EarlyBackend.plainStatements(new String[] {"--execute=SELECT 1"}));
        assertTrue(EarlyBackend.plainStatements(new String[] {"-f", "script.sql"}));
        assertTrue(EarlyBackend.plainStatements(new String[] {"--watch", "2s", "-e", "SELECT 1"}));

        assertFalse(EarlyBackend.plainStatements(new String[] {}), "no statements: the shell or a pipe");
        assertFalse(EarlyBackend.plainStatements(new String[] {"-d", "1000"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"--backend", "procfs", "-e", "SELECT 1"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"--backend=bpf", "-e", "SELECT 1"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"--connect", "http://h:1", "-e", "SELECT 1"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"--hosts", "a:1,b:2", "-e", "SELECT 1"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"-e", "SELECT 1", "--help"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"-V", "-e", "SELECT 1"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"agent", "-e", "SELECT 1"}));
        assertFalse(EarlyBackend.plainStatements(new String[] {"bench", "--backend", "bpf"}));
    }

    @Test
    void theEarlyBackendServesAutoAndGivesWayToAnother() {
        Require.root();
        EarlyBackend.start(new String[] {"-e", "SELECT 1"});
        OpenedBackend early = EarlyBackend.claim("auto");
        try {
            assertEquals("bpf", early.collector().name());
            assertFalse(early.collector().collect().processes().isEmpty());
        } finally {
            early.collector().close();
        }

        EarlyBackend.start(new String[] {"-e", "SELECT 1"});
        OpenedBackend named = EarlyBackend.claim("procfs");
        try {
            assertEquals("procfs", named.collector().name());
        } finally {
            named.collector().close();
        }
        // Nothing opened early is left for the next command.
        OpenedBackend later = EarlyBackend.claim("procfs");
        later.collector().close();
        assertEquals("procfs", later.collector().name());
    }
}
