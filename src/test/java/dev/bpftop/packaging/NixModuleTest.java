package dev.bpftop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpftop.testing.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The NixOS module's agent service (nix/agent.nix), evaluated by Nix 2.8 (Debian nix-bin). Without
 * nixpkgs (it cannot be fetched here) the module is applied by hand to a configuration with a stub
 * of the few nixpkgs lib functions it calls (src/test/resources/nix/agent-module-eval.nix): this
 * checks the module's own logic (its [Service] settings are the shipped unit's, its ExecStart flags
 * are the ones `bpftop agent` takes, its assertions), not NixOS's module system or a build.
 */
class NixModuleTest {
    private static final Path UNIT = Path.of("src/main/systemd/bpftop-agent.service");
    private static final String MTLS = "{ enable = true; listen = \"0.0.0.0:8765\"; openFirewall = true;"
            + " tls = { cert = \"/etc/bpftop/agent.pem\"; key = \"/etc/bpftop/agent.key\"; clientCa = \"/etc/bpftop/clients.pem\"; }; }";

    @Test
    void theServiceIsTheShippedUnitWithExecStartFromTheOptions() throws Exception {
        requireNix();
        FlakeTest.nix("--parse", "nix/agent.nix");
        FlakeTest.nix("--parse", "nix/unit-service.nix");
        JsonNode out = eval(MTLS);
        Map<String, String> module = new TreeMap<>();
        out.get("serviceConfig").fields().forEachRemaining(e -> module.put(e.getKey(), e.getValue().asText()));
        Map<String, String> unit = serviceSection(UNIT);
        assertEquals("/nix/store/stub-bpftop/bin/bpftop agent --socket /run/bpftop/agent.sock --listen 0.0.0.0:8765"
                + " --tls-cert /etc/bpftop/agent.pem --tls-key /etc/bpftop/agent.key --tls-client-ca /etc/bpftop/clients.pem", module.remove("ExecStart"));
        unit.remove("ExecStart");
        assertEquals(unit, module, "every other [Service] setting, hardening included, is the shipped unit's");
        assertEquals("[]", out.get("failed").toString());
        assertEquals("[8765]", out.get("ports").toString());
    }

    @Test
    void beyondLoopbackWithNeitherTokenNorClientCertificatesFailsAnAssertion() throws Exception {
        requireNix();
        assertEquals("[\"services.bpftop.agent: listening beyond loopback needs tokenFile, tls.clientCa (mutual TLS) or both\"]",
                eval("{ enable = true; listen = \"0.0.0.0:8765\"; }").get("failed").toString());
        assertEquals("[]", eval("{ enable = true; listen = \"0.0.0.0:8765\"; tokenFile = \"/run/keys/bpftop\"; }").get("failed").toString());
        assertEquals("[]", eval("{ enable = true; listen = \"127.0.0.1:8765\"; }").get("failed").toString());
        assertEquals("[\"services.bpftop.agent: tls.cert and tls.key go together\"]",
                eval("{ enable = true; listen = \"127.0.0.1:8765\"; tls.cert = \"/etc/c.pem\"; }").get("failed").toString());
    }

    /** The flags the module writes are the agent's own: the agent reads them (and says the files are missing). */
    @Test
    void theAgentTakesTheModulesFlags() throws Exception {
        requireNix();
        String execStart = eval(MTLS).get("serviceConfig").get("ExecStart").asText();
        List<String> argv = new ArrayList<>(Arrays.asList(execStart.split(" ")));
        argv.set(0, Path.of("bin/bpftop").toAbsolutePath().toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertEquals("bpftop: agent: --tls-cert /etc/bpftop/agent.pem: no such file\n", out);
    }

    /** The [Service] lines of a unit file, read independently of the module's Nix parser. */
    static Map<String, String> serviceSection(Path unit) throws Exception {
        Map<String, String> settings = new TreeMap<>();
        String section = "";
        for (String line : Files.readAllLines(unit)) {
            if (line.startsWith("[")) section = line;
            else if (section.equals("[Service]") && line.matches("[A-Za-z]+=.*")) settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return settings;
    }

    private static JsonNode eval(String overrides) throws Exception {
        return new ObjectMapper().readTree(FlakeTest.nix("--eval", "--strict", "--json", "src/test/resources/nix/agent-module-eval.nix", "--arg", "overrides", overrides));
    }

    private static void requireNix() {
        Require.that(Files.isExecutable(Path.of("/usr/bin/nix-instantiate")), "nix-instantiate (Debian nix-bin)");
    }
}
