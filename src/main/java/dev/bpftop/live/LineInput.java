package dev.bpftop.live;

/** The one-line editor of the search, filter and edit prompts: insert at the cursor, move, delete. */
final class LineInput {
    final String label;
    private final StringBuilder text;
    private int cursor;

    LineInput(String label, String initial) {
        this.label = label;
        this.text = new StringBuilder(initial);
        this.cursor = initial.length();
    }

    String text() { return text.toString(); }

    int cursor() { return cursor; }

    void insert(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f) text.insert(cursor++, c); // control keys are not text
        }
    }

    void backspace() {
        if (cursor > 0) text.deleteCharAt(--cursor);
    }

    void left() { cursor = Math.max(0, cursor - 1); }

    void right() { cursor = Math.min(text.length(), cursor + 1); }

    void home() { cursor = 0; }

    void end() { cursor = text.length(); }

    void clear() {
        text.setLength(0);
        cursor = 0;
    }
}
