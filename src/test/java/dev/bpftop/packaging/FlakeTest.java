package dev.bpftop.packaging;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of flake.nix without nixpkgs (no network to fetch it here): Nix parses it and
 * evaluates its top level. Building its packages and the NixOS module needs nixpkgs and is not done.
 */
class FlakeTest {

    @Test
    void parsesAndEvaluatesItsTopLevel() throws Exception {
        Require.that(Files.isExecutable(Path.of("/usr/bin/nix-instantiate")), "nix-instantiate (Debian nix-bin)");
        nix("--parse", "flake.nix"); // exits non-zero on a syntax error
        String top = nix("--eval", "--strict", "-E",
                "let f = import ./flake.nix; in [ f.description f.inputs.nixpkgs.url (builtins.isFunction f.outputs) ]");
        assertEquals("[ \"bpftop: SQL over live Linux processes\" \"github:NixOS/nixpkgs/nixos-unstable\" true ]", top.strip());
    }

    /** nix-instantiate with these arguments: its standard output; a failure's standard error fails the test. */
    static String nix(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "nix-instantiate";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Path err = Files.createTempFile("nix", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nix-instantiate hung");
            assertEquals(0, p.exitValue(), Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
