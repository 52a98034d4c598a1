package dev.bpftop.enrich.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Docker Engine API over its unix socket: {@code GET /containers/json?all=1}. Podman's API
 * service speaks the same dialect, so one client serves both. The unversioned path lets each
 * engine answer in its own current API version, whose list fields have not changed.
 */
public final class EngineApi implements ContainerSource {
    private final String runtime;
    private final Path socket;

    public EngineApi(String runtime, Path socket) {
        this.runtime = runtime;
        this.socket = socket;
    }

    public Path socket() { return socket; }

    @Override
    public List<ContainerInfo> list(Duration timeout) throws IOException {
        JsonNode array = Json.MAPPER.readTree(UnixHttp.get(socket, "/containers/json?all=1", timeout));
        List<ContainerInfo> out = new ArrayList<>();
        for (JsonNode c : array) {
            String id = c.path("Id").asText(null);
            if (id == null) continue;
            String name = c.path("Names").path(0).asText(null);
            if (name != null && name.startsWith("/")) name = name.substring(1);
            JsonNode created = c.get("Created");
            out.add(new ContainerInfo(id, name, c.path("Image").asText(null), c.path("State").asText(null),
                    created != null && created.canConvertToLong() ? created.asLong() * 1000 : null));
        }
        return out;
    }

    @Override
    public String describe() { return runtime + " API at " + socket; }
}
