package dev.bpftop.enrich.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Podman's container store (containers/storage {@code containers.json}): names and image without
 * a running API service. It does not know whether a container runs, so state stays null.
 */
public final class PodmanStore implements ContainerSource {
    public static final Path DEFAULT = Path.of("/var/lib/containers/storage/overlay-containers/containers.json");

    private final Path file;

    public PodmanStore(Path file) { this.file = file; }

    @Override
    public List<ContainerInfo> list(Duration timeout) throws IOException {
        JsonNode array = Json.MAPPER.readTree(Files.readAllBytes(file));
        List<ContainerInfo> out = new ArrayList<>();
        for (JsonNode c : array) {
            String id = c.path("id").asText(null);
            if (id == null) continue;
            // podman keeps the image's name in a JSON document inside the "metadata" string
            String image = null;
            String metadata = c.path("metadata").asText(null);
            if (metadata != null) {
                try {
                    image = Json.MAPPER.readTree(metadata).path("image-name").asText(null);
                } catch (IOException e) {
                    // metadata of another tool (buildah): no image name
                }
            }
            out.add(new ContainerInfo(id, c.path("names").path(0).asText(null), image, null, created(c.path("created").asText(null))));
        }
        return out;
    }

    private static Long created(String rfc3339) {
        if (rfc3339 == null) return null;
        try {
            return OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String describe() { return "podman store " + file; }
}
