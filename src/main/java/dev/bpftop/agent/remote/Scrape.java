package dev.bpftop.agent.remote;

/** What /metrics answers: the body in the format the scraper's Accept header asks for. */
@FunctionalInterface
public interface Scrape {
    record Exposition(String contentType, byte[] body) {}

    Exposition scrape(String accept);
}
