package dev.bpftop.shell;

import java.util.Locale;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Colors keywords, strings, numbers and comments as the user types; plain text when colors are off. */
final class SqlHighlighter implements Highlighter {
    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT | AttributedStyle.BLACK);
    static final AttributedStyle COMMAND = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);

    private final boolean color;

    SqlHighlighter(boolean color) { this.color = color; }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (!color) return new AttributedString(buffer);
        AttributedStringBuilder sb = new AttributedStringBuilder();
        if (buffer.stripLeading().startsWith(".")) {
            return sb.styled(COMMAND, buffer).toAttributedString();
        }
        for (SqlLexer.Token t : SqlLexer.tokens(buffer)) {
            AttributedStyle style = switch (t.kind()) {
                case WORD -> Catalog.KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT)) ? KEYWORD : AttributedStyle.DEFAULT;
                case STRING -> STRING;
                case NUMBER -> NUMBER;
                case COMMENT -> COMMENT;
                default -> AttributedStyle.DEFAULT;
            };
            sb.styled(style, t.text());
        }
        return sb.toAttributedString();
    }
}
