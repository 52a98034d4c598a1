package dev.bpftop.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SanitizerTest {
    @Test
    void safeTextIsReturnedAsItIs() {
        String s = "kworker/0:1 ünï ✓ " + Character.toString(0x1f600);
        assertSame(s, Sanitizer.forTerminal(s));
    }

    @Test
    void eachKindOfDangerHasOneUnambiguousEscape() {
        assertEquals("\\\\x1b", Sanitizer.forTerminal("\\x1b"), "a literal backslash");
        assertEquals("\\x1b[2J", Sanitizer.forTerminal("\u001b[2J"));
        assertEquals("\\n\\t\\r\\x00\\x7f", Sanitizer.forTerminal("\n\t\r\u0000\u007f"));
        assertEquals("\\xff\\x80", Sanitizer.forTerminal("\udcff\udc80"), "bytes that were not UTF-8");
        assertEquals("\\u009b\\u0085", Sanitizer.forTerminal("\u009b\u0085"), "C1 controls, as code points");
        assertEquals("\\u202e\\u2066\\u2069\\u061c\\u200f", Sanitizer.forTerminal("\u202e\u2066\u2069\u061c\u200f"), "bidi");
        assertEquals("\\u200b\\u200d\\ufeff\\u00ad", Sanitizer.forTerminal("\u200b\u200d\ufeff\u00ad"), "invisible");
        assertEquals("\\u2028\\u2029", Sanitizer.forTerminal("\u2028\u2029"), "line and paragraph separators");
        assertEquals("\\U000e0001\\udc10", Sanitizer.forTerminal(Character.toString(0xe0001) + "\udc10"));
    }

    @Test
    void aBackslashAloneDoesNotMakeTextUnsafe() {
        assertTrue(Sanitizer.isSafe("/system.slice/dev-disk-by\\x2duuid.swap"));
        assertFalse(Sanitizer.isSafe("a\u202eb"));
        assertFalse(Sanitizer.isSafe("a\udcffb"));
    }
}
