package dev.bpftop.cgroup;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.CgroupMount;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CgroupTreeTest {

    /** The walk skips stat'ing interface files; a cgroup named like one ("cpu.x") must still be found. */
    @Test
    void walkFindsWhatAPlainWalkFinds() throws Exception {
        Require.root();
        Require.cgroupV2();
        Path root = CgroupMount.v2().orElseThrow();
        String top = ScratchCgroup.uniqueName("bpftop-test");
        try (ScratchCgroup cg = ScratchCgroup.create(top + "/a.slice/b.service/inner")) {
            Files.createDirectories(root.resolve(top).resolve("cpu.looks-like-a-file/memory.too"));
            Files.createDirectories(root.resolve(top).resolve("a.slice/plain"));
            Map<String, Long> ours = CgroupTree.walk(root).stream().filter(n -> n.path().startsWith("/" + top))
                    .collect(Collectors.toMap(CgroupTree.Node::path, CgroupTree.Node::id, (a, b) -> a, TreeMap::new));
            Map<String, Long> oracle = new TreeMap<>();
            try (Stream<Path> s = Files.walk(root.resolve(top))) {
                for (Path d : s.filter(Files::isDirectory).toList()) {
                    oracle.put("/" + root.relativize(d), (Long) Files.getAttribute(d, "unix:ino"));
                }
            }
            assertEquals(oracle, ours);
            assertEquals(7, ours.size());
            CgroupTree.Node inner = CgroupTree.walk(root).stream().filter(n -> n.path().equals(cg.path())).findFirst().orElseThrow();
            assertEquals(4, inner.depth());
            assertEquals("/" + top + "/a.slice/b.service", inner.parent());
            assertEquals(cg.id(), inner.id());
        }
    }

    @Test
    void rootNode() {
        Require.cgroupV2();
        List<CgroupTree.Node> tree = CgroupTree.walk(CgroupMount.v2().orElseThrow());
        assertEquals("/", tree.get(0).path());
        assertNull(tree.get(0).parent());
        assertEquals(0, tree.get(0).depth());
    }
}
