package dev.bpftop.collect;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/net text as the kernel writes it, a unix path with a newline in it included. */
class ProcNetParserTest {

    @Test
    void tcpLinesGiveAddressesInNetworkOrder() {
        String text = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0\n";
        SocketEntry s = ProcNetParser.inet(text.getBytes(StandardCharsets.US_ASCII), SocketEntry.AF_INET, SocketEntry.TCP, 7).get(0);
        assertEquals(List.of("127.0.0.1", 8080, "0.0.0.0", 0, "LISTEN", 4242L, 3L, 0L),
                List.of(s.localAddress(), s.localPort(), s.remoteAddress(), s.remotePort(), s.stateName(), s.inode(), s.recvQueue(), s.uid()));
    }

    @Test
    void tcp6WordsAreTurnedAround() {
        String text = "header\n   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 01 00000000:00000000 00:00000000 00000000  1000        0 99 1\n";
        SocketEntry s = ProcNetParser.inet(text.getBytes(StandardCharsets.US_ASCII), SocketEntry.AF_INET6, SocketEntry.TCP, 7).get(0);
        assertEquals(List.of("::1", 80, "ESTABLISHED", 1000L), List.of(s.localAddress(), s.localPort(), s.stateName(), s.uid()));
    }

    @Test
    void unixPathsKeepNewlinesAndAbstractNames() {
        byte[] text = ("Num       RefCount Protocol Flags    Type St Inode Path\n"
                + "0000000000000000: 00000002 00000000 00010000 0001 01 111 /tmp/evil\nname.sock\n"
                + "0000000000000000: 00000002 00000000 00010000 0001 01 222 @abs@x\n"
                + "0000000000000000: 00000003 00000000 00000000 0001 03 333\n"
                + "0000000000000000: 00000002 00000000 00000000 0002 01 444 /tmp/\u00ff.sock\n").getBytes(StandardCharsets.ISO_8859_1);
        List<SocketEntry> all = ProcNetParser.unix(text, 7);
        assertEquals(4, all.size());
        assertEquals(List.of("/tmp/evil\nname.sock", "LISTEN", 111L), List.of(all.get(0).unixPath(), all.get(0).stateName(), all.get(0).inode()));
        assertEquals("@abs@x", all.get(1).unixPath());
        assertEquals(List.of("ESTABLISHED", "stream"), List.of(all.get(2).stateName(), all.get(2).typeName()));
        assertNull(all.get(2).unixPath());
        // a byte that is not UTF-8 survives as its escape character (RawText)
        assertEquals("/tmp/\udcff.sock", all.get(3).unixPath());
        assertEquals(List.of("UNCONN", "dgram"), List.of(all.get(3).stateName(), all.get(3).typeName()));
    }
}
