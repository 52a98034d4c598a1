package dev.bpftop.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.Plan.Action;
import dev.bpftop.sql.Plan.Member;
import dev.bpftop.sql.Plan.Step;
import dev.bpftop.sql.Statement.Verb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmationTest {
    private static final Plan PLAN = new Plan(Verb.FREEZE, List.of(new Step(CgroupDir.of(Path.of("/sys/fs/cgroup"), "/web.service"),
            Action.FREEZE, List.of(new Member(41, 1_000, "nginx", "/web.service"), new Member(42, 2_000, "ev\u001b]0;il", "/web.service")), null, null)));

    @Test
    void askingShowsThePlanSanitizedAndGoesAheadOnlyOnYes() {
        List<String> shown = new ArrayList<>(), prompts = new ArrayList<>();
        for (String answer : new String[] {"y", " YES ", "n", "", "yep", null}) {
            boolean go = Confirmation.asking(shown::add, p -> {
                prompts.add(p);
                return answer;
            }).confirm(PLAN);
            assertEquals(answer != null && answer.strip().toLowerCase().matches("y|yes"), go, "answer " + answer);
        }
        assertEquals("Freeze these? [y/N] ", prompts.getFirst());
        assertEquals(List.of("FREEZE plan: 1 cgroup, 2 processes", "  /web.service: freeze", "          41  nginx", "          42  ev\\x1b]0;il"),
                shown.subList(0, 4));
        assertFalse(String.join("", shown).contains("\u001b"));
    }

    @Test
    void thePlanAsRowsForDryRun() {
        var r = PLAN.asResult();
        assertEquals(List.of("cgroup", "action", "pid", "comm"), r.columns());
        assertEquals(2, r.rows().size());
        assertTrue(java.util.Arrays.equals(new Object[] {"/web.service", "freeze", 41L, "nginx"}, r.rows().getFirst()));
    }
}
