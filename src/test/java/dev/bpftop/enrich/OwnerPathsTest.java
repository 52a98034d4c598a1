package dev.bpftop.enrich;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Units, slices and containers read from cgroup paths as systemd and the runtimes write them. */
class OwnerPathsTest {
    static final String ID = "0123456789abcdef".repeat(4);

    @Test
    void systemdServicesScopesAndSlices() {
        assertEquals("ssh.service", SystemdPath.unit("/system.slice/ssh.service"));
        assertEquals("system.slice", SystemdPath.slice("/system.slice/ssh.service"));
        assertEquals("session-3.scope", SystemdPath.unit("/user.slice/user-1000.slice/session-3.scope"));
        assertEquals("user-1000.slice", SystemdPath.slice("/user.slice/user-1000.slice/session-3.scope"));
        assertEquals("user@1000.service", SystemdPath.unit("/user.slice/user-1000.slice/user@1000.service"));
        assertEquals("dbus.socket", SystemdPath.unit("/system.slice/dbus.socket"));
        assertEquals("tmp.mount", SystemdPath.unit("/system.slice/tmp.mount"));
        assertNull(SystemdPath.unit("/"));
        assertNull(SystemdPath.slice("/"));
        assertNull(SystemdPath.unit("/user.slice"));
        assertEquals("user.slice", SystemdPath.slice("/user.slice"));
    }

    @Test
    void innermostUnitWinsAndNestedCgroupsBelongToTheirUnit() {
        String userApp = "/user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope";
        assertEquals("app-firefox.scope", SystemdPath.unit(userApp));
        assertEquals("app.slice", SystemdPath.slice(userApp));
        assertEquals("init.scope", SystemdPath.unit("/user.slice/user-1000.slice/user@1000.service/init.scope"));
        assertEquals("docker.service", SystemdPath.unit("/system.slice/docker.service/sub/group"));
        assertEquals("system.slice", SystemdPath.slice("/system.slice/docker.service/sub/group"));
    }

    @Test
    void escapesAreDecoded() {
        assertEquals("dev-disk-by-uuid-1.swap", SystemdPath.unit("/system.slice/dev-disk-by\\x2duuid-1.swap"));
        assertEquals("system-getty.slice", SystemdPath.slice("/system.slice/system-getty.slice/getty@tty1.service"));
        assertEquals("cgroup.service", SystemdPath.unit("/system.slice/_cgroup.service"));
        assertEquals("a\\xZZ.service", SystemdPath.unescape("a\\xZZ.service"));
    }

    @Test
    void dockerPodmanContainerdCrio() {
        assertRef("/system.slice/docker-" + ID + ".scope", "docker", "/system.slice/docker-" + ID + ".scope");
        assertRef("/docker/" + ID, "docker", "/docker/" + ID);
        assertRef("/machine.slice/libpod-" + ID + ".scope", "podman", "/machine.slice/libpod-" + ID + ".scope");
        assertRef("/libpod_parent/libpod-" + ID, "podman", "/libpod_parent/libpod-" + ID);
        assertRef("/system.slice/cri-containerd-" + ID + ".scope", "containerd", "/system.slice/cri-containerd-" + ID + ".scope");
        assertRef("/system.slice/crio-" + ID + ".scope", "cri-o", "/system.slice/crio-" + ID + ".scope");
    }

    @Test
    void monitorsAreNotTheContainer() {
        assertNull(ContainerPath.parse("/machine.slice/libpod-conmon-" + ID + ".scope"));
        assertNull(ContainerPath.parse("/system.slice/crio-conmon-" + ID + ".scope"));
        assertEquals("libpod-conmon-" + ID + ".scope", SystemdPath.unit("/machine.slice/libpod-conmon-" + ID + ".scope"));
        assertNull(ContainerPath.parse("/system.slice/docker.service"));
        assertNull(ContainerPath.parse("/"));
        assertNull(ContainerPath.parse(null));
        assertNull(ContainerPath.parse("/somewhere/" + ID), "a bare id outside docker/ or a pod is not a container");
    }

    @Test
    void nestedCgroupsInsideAContainerBelongToIt() {
        String outer = "/machine.slice/libpod-" + ID + ".scope";
        ContainerRef r = ContainerPath.parse(outer + "/container/inner");
        assertEquals(ID, r.id());
        assertEquals(outer, r.cgroup());
        String other = "fedcba9876543210".repeat(4);
        assertEquals(ID, ContainerPath.parse("/docker/" + ID + "/docker/" + other).id(), "docker in docker: the host's container");
    }

    @Test
    void kubernetesPodsAndQos() {
        String uid = "6f1c2b4e-93a1-4d2c-9f0e-0123456789ab";
        String systemd = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_') + ".slice/cri-containerd-" + ID + ".scope";
        ContainerRef r = ContainerPath.parse(systemd);
        assertEquals(ID, r.id());
        assertEquals("containerd", r.runtime());
        assertEquals(uid, r.pod());
        assertEquals("burstable", r.qos());
        assertEquals("kubepods-burstable-pod" + uid.replace('-', '_') + ".slice", SystemdPath.slice(systemd));

        ContainerRef cgroupfs = ContainerPath.parse("/kubepods/besteffort/pod" + uid + "/" + ID);
        assertEquals("cri", cgroupfs.runtime());
        assertEquals("besteffort", cgroupfs.qos());
        assertEquals(uid, cgroupfs.pod());

        ContainerRef guaranteed = ContainerPath.parse("/kubepods.slice/kubepods-pod" + uid.replace('-', '_') + ".slice/crio-" + ID + ".scope");
        assertEquals("guaranteed", guaranteed.qos());
        assertEquals("cri-o", guaranteed.runtime());
        assertEquals(uid, guaranteed.pod());
    }

    private static void assertRef(String path, String runtime, String cgroup) {
        ContainerRef r = ContainerPath.parse(path);
        assertNotNull(r, path);
        assertEquals(ID, r.id(), path);
        assertEquals(runtime, r.runtime(), path);
        assertEquals(cgroup, r.cgroup(), path);
        assertNull(r.pod(), path);
    }
}
