package dev.bpftop.enrich.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The container sources' JSON parser, in a class of its own so that it is made on first use:
 * every session builds its sources at start-up, and an ObjectMapper costs a one-liner that never
 * lists containers ~15 ms of Jackson class initialisation on the critical path.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
