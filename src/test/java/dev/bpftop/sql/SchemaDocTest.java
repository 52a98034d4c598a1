package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaDocTest {

    @Test
    void committedReferenceIsCurrent() throws Exception {
        assertEquals(SchemaDoc.markdown(), Files.readString(Path.of("docs/tables.md")),
                "docs/tables.md is stale: run java -cp target/bpftop.jar dev.bpftop.sql.SchemaDoc docs/tables.md");
    }

    @Test
    void everyColumnIsLowerSnakeCaseUniqueAndDescribed() {
        for (TableDef<?> t : Tables.all()) {
            Set<String> seen = new HashSet<>();
            for (Column<?> c : t.columns()) {
                assertTrue(c.name().matches("[a-z][a-z0-9_]*"), t.name() + "." + c.name());
                assertTrue(seen.add(c.name()), "duplicate " + t.name() + "." + c.name());
                assertFalse(c.description().isBlank(), t.name() + "." + c.name());
            }
        }
    }

    @Test
    void everyShippedViewRuns() throws Exception {
        try (Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            for (String view : s.views().keySet()) {
                assertNotNull(s.execute("SELECT * FROM " + view), view);
            }
        }
    }
}
