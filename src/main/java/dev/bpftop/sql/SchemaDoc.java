package dev.bpftop.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes docs/tables.md from the column declarations, so the reference never drifts from the code.
 * A test fails when the committed file is stale; regenerate with
 * {@code java -cp target/bpftop.jar dev.bpftop.sql.SchemaDoc docs/tables.md}.
 */
public final class SchemaDoc {
    private SchemaDoc() {}

    public static String markdown() {
        StringBuilder sb = new StringBuilder("# Tables and views\n\n")
                .append("Generated from the column declarations (`dev.bpftop.sql.SchemaDoc`); `DESCRIBE <table>` and\n")
                .append("`.schema` in the shell print the same. Every table in one statement reads the same snapshot.\n");
        for (TableDef<?> t : Tables.all()) {
            sb.append("\n## ").append(t.name()).append("\n\n").append(t.description()).append(".\n\n")
                    .append("| column | type | description |\n|---|---|---|\n");
            for (Column<?> c : t.columns()) {
                sb.append("| `").append(c.name()).append("` | ").append(c.type().name()).append(" | ")
                        .append(c.description().replace("|", "\\|")).append(" |\n");
            }
        }
        sb.append("\n## Views\n\nShipped as SQL in `src/main/sql/`; `DESCRIBE <view>` prints the definition.\n\n")
                .append("| view | description |\n|---|---|\n");
        for (Map.Entry<String, String> v : Views.shipped().entrySet()) {
            sb.append("| `").append(v.getKey()).append("` | ").append(Views.description(v.getValue())).append(" |\n");
        }
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args.length > 0 ? args[0] : "docs/tables.md"), markdown());
    }
}
