package dev.bpftop.agent;

import dev.bpftop.cgroup.CgroupDir;
import dev.bpftop.freeze.Authority;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.SqlError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * Who may FREEZE or THAW through the agent. The agent is read-only unless started with
 * --allow-control; then root may act on any cgroup and any other user only on cgroups whose
 * directory they own (a delegated subtree), as their own run with write access to cgroupfs could.
 * A plan that reaches one cgroup the peer may not act on is refused whole.
 */
final class Control {
    private Control() {}

    static Authority forPeer(Peer peer, boolean allowed) {
        if (!allowed) return plan -> {
            throw new SqlError(plan.verb() + " refused: the agent is read-only (start it with --allow-control)", 0, 0);
        };
        if (peer.isRoot()) return Authority.ANYONE;
        return plan -> {
            for (Plan.Step step : plan.steps()) {
                // A helper the agent made is root's; what counts is the cgroup its process came from.
                CgroupDir target = step.action() == Plan.Action.FREEZE || step.action() == Plan.Action.THAW || step.origin() == null
                        ? step.cgroup() : step.origin();
                if (owner(target) != peer.uid()) {
                    throw new SqlError(plan.verb() + " refused: cgroup " + target.path() + " is not owned by uid " + peer.uid()
                            + " (over the agent socket only root or the cgroup's owner may)", 0, 0);
                }
            }
        };
    }

    private static int owner(CgroupDir cgroup) {
        try {
            return (Integer) Files.getAttribute(cgroup.dir(), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
