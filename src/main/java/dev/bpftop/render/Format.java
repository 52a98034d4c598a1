package dev.bpftop.render;

import java.util.Locale;

/** Output formats; `line` prints one column per line, as sqlite3's `.mode line`. */
public enum Format {
    TABLE, CSV, TSV, JSON, JSONL, LINE;

    public static Format parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + s + "' (expected table, csv, tsv, json, jsonl or line)");
        }
    }

    public Renderer renderer() {
        return switch (this) {
            case TABLE -> new TableRenderer();
            case CSV -> new CsvRenderer();
            case TSV -> new TsvRenderer();
            case JSON -> new JsonRenderer(false);
            case JSONL -> new JsonRenderer(true);
            case LINE -> new LineRenderer();
        };
    }
}
