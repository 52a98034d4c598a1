package dev.bpftop.enrich;

/**
 * A container as its cgroup path names it.
 *
 * @param id      the runtime's full container id (64 hex digits)
 * @param runtime docker, podman, containerd, cri-o, or cri (a Kubernetes cgroupfs path that does not say which)
 * @param cgroup  the container's own cgroup (its processes may sit in cgroups nested below it)
 * @param pod     Kubernetes pod uid, or null
 * @param qos     Kubernetes QoS class (guaranteed, burstable, besteffort), or null
 */
public record ContainerRef(String id, String runtime, String cgroup, String pod, String qos) {}
