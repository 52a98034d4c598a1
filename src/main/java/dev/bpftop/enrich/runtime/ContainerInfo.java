package dev.bpftop.enrich.runtime;

/** What a container runtime says about one container; any field but id may be null. */
public record ContainerInfo(String id, String name, String image, String state, Long createdEpochMillis) {}
