# bpftop for Nix. Parsed and its top level evaluated by src/test/.../FlakeTest (Nix 2.8, Debian
# nix-bin); not built: nixpkgs cannot be fetched on the development machines (see README, "Nix").
#   nix run .# -- -e "SELECT count(*) FROM processes"     default: the jar on nixpkgs' JDK 25
#   nix build .#bundle                                    self-contained: jlink runtime + AOT cache
# NixOS: imports = [ bpftop.nixosModules.default ]; programs.bpftop.enable = true;
#        services.bpftop.agent.enable = true;   (nix/agent.nix: socket, listen, token, TLS options)
{
  description = "bpftop: SQL over live Linux processes";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
      version = "0.1.0";

      # The shaded jar. Maven's dependencies are a fixed-output derivation: on the first build Nix
      # prints the real mvnHash to put here.
      jarFor = pkgs: pkgs.maven.buildMavenPackage {
        pname = "bpftop-jar";
        inherit version;
        src = self;
        mvnJdk = pkgs.jdk25_headless;
        mvnHash = pkgs.lib.fakeHash;
        mvnParameters = "-DskipTests";
        # The BPF object is compiled into the jar: clang for the bpf target, libbpf's headers.
        nativeBuildInputs = [ pkgs.llvmPackages.clang-unwrapped pkgs.libbpf pkgs.linuxHeaders ];
        installPhase = ''
          install -Dm644 target/bpftop.jar $out/share/bpftop/bpftop.jar
        '';
      };

      # Same picocli-codegen as the picocli in pom.xml; bin/package uses it for the man page.
      codegenFor = pkgs: pkgs.fetchurl {
        url = "https://repo1.maven.org/maven2/info/picocli/picocli-codegen/4.7.7/picocli-codegen-4.7.7.jar";
        hash = pkgs.lib.fakeHash;
      };
    in {
      packages = forAllSystems (pkgs:
        let
          jar = jarFor pkgs;
          jdk = pkgs.jdk25_headless;
          # libbpf is opened at run time (FFM); without it bpftop falls back to /proc.
          libPath = pkgs.lib.makeLibraryPath [ pkgs.libbpf ];
        in {
          # Dynamic: the jar on the system's JDK 25, no AOT cache (a JDK update would stale it).
          default = pkgs.runCommand "bpftop-${version}" { nativeBuildInputs = [ pkgs.makeWrapper ]; } ''
            makeWrapper ${jdk}/bin/java $out/bin/bpftop \
              --prefix LD_LIBRARY_PATH : ${libPath} \
              --add-flags "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
              --add-flags "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData" \
              --add-flags "-cp ${jar}/share/bpftop/bpftop.jar dev.bpftop.cli.Main"
          '';

          # Self-contained: what bin/package bundle makes (jlink runtime, jar, launcher, completion,
          # man page), with the AOT cache retrained in place once the files have the store's fixed
          # mtime, since the cache and its stamp record the jar's and the runtime's size and mtime.
          bundle = pkgs.stdenv.mkDerivation {
            pname = "bpftop-bundle";
            inherit version;
            src = self;
            nativeBuildInputs = [ jdk pkgs.asciidoctor pkgs.unzip pkgs.makeWrapper ];
            dontStrip = true; # the jlink runtime is already stripped; the AOT cache must not change
            buildPhase = ''
              mkdir -p target/tools
              cp ${jar}/share/bpftop/bpftop.jar target/bpftop.jar
              cp ${codegenFor pkgs} target/tools/picocli-codegen-4.7.7.jar
              patchShebangs bin
              JAVA_HOME=${jdk} bin/package bundle
            '';
            installPhase = ''
              mkdir -p $out
              cp -r target/bundle/bpftop-*/. $out/
              find $out -exec touch -h -d @1 {} +
              BPFTOP_AOT_TRAIN=1 $out/bin/bpftop
              touch -h -d @1 $out/lib/bpftop.aot $out/lib/bpftop.aot.stamp
              wrapProgram $out/bin/bpftop --prefix LD_LIBRARY_PATH : ${libPath}
            '';
          };
        });

      # Grants the capabilities through a NixOS security wrapper, which raises them as ambient
      # capabilities for the launcher and the JVM it starts; only members of `group` may run it.
      nixosModules.default = { config, lib, pkgs, ... }:
        let cfg = config.programs.bpftop;
        in {
          # services.bpftop.agent: bpftop-agent.service, hardened as the unit the .deb ships.
          imports = [ (import ./nix/agent.nix (pkgs: self.packages.${pkgs.stdenv.hostPlatform.system}.bundle)) ];

          options.programs.bpftop = {
            enable = lib.mkEnableOption "bpftop, SQL over live Linux processes";
            package = lib.mkOption {
              type = lib.types.package;
              default = self.packages.${pkgs.stdenv.hostPlatform.system}.bundle;
              description = "The bpftop package (the self-contained bundle by default).";
            };
            freeze = lib.mkOption {
              type = lib.types.bool;
              default = false;
              description = "Also grant what FREEZE/THAW need: writing cgroup.freeze in any cgroup.";
            };
            group = lib.mkOption {
              type = lib.types.str;
              default = "wheel";
              description = "Group whose members may run the capability-raising wrapper.";
            };
          };

          config = lib.mkIf cfg.enable {
            environment.systemPackages = [ cfg.package ];
            security.wrappers.bpftop = {
              source = "${cfg.package}/bin/bpftop";
              owner = "root";
              group = cfg.group;
              permissions = "u+rx,g+x";
              # cap_bpf + cap_perfmon: load and run the BPF task iterator; cap_sys_resource: the
              # memlock limit on kernels before 5.11; cap_dac_read_search + cap_sys_ptrace: other
              # users' /proc files (cmdline, exe, io) for the /proc backend and enrichers.
              capabilities = lib.concatStringsSep "," ([
                "cap_bpf" "cap_perfmon" "cap_sys_resource" "cap_dac_read_search" "cap_sys_ptrace"
              ] ++ lib.optionals cfg.freeze [ "cap_dac_override" "cap_sys_admin" ]) + "+ep";
            };
          };
        };
    };
}
