# nix/agent.nix applied to a configuration, with a stub of the few nixpkgs lib functions it calls
# (nixpkgs cannot be fetched on the development machines; NixModuleTest says what this checks).
{ overrides ? { } }:
let
  lib = {
    mkOption = o: o;
    mkEnableOption = d: { default = false; description = d; };
    mkIf = c: x: if c then x else { };
    types = { bool = "bool"; str = "str"; package = "package"; nullOr = t: "nullOr"; listOf = t: "listOf"; };
    optional = c: x: if c then [ x ] else [ ];
    optionals = c: xs: if c then xs else [ ];
    concatStringsSep = builtins.concatStringsSep;
    toInt = s: builtins.fromJSON s;
    last = l: builtins.elemAt l (builtins.length l - 1);
    splitString = sep: s: builtins.filter builtins.isString (builtins.split sep s);
  };
  utils.escapeSystemdExecArgs = builtins.concatStringsSep " ";
  pkgs.stdenv.hostPlatform.system = "x86_64-linux";
  module = import ../../../../nix/agent.nix (pkgs: "/nix/store/stub-bpftop");
  opts = (module { config = { }; inherit lib pkgs utils; }).options.services.bpftop.agent;
  defaults = builtins.mapAttrs (n: o: if o ? default then o.default else builtins.mapAttrs (m: p: p.default) o) opts;
  cfg = defaults // overrides // { tls = defaults.tls // (overrides.tls or { }); };
  evaluated = (module { config.services.bpftop.agent = cfg; inherit lib pkgs utils; }).config;
in {
  serviceConfig = evaluated.systemd.services.bpftop-agent.serviceConfig;
  failed = map (a: a.message) (builtins.filter (a: !a.assertion) evaluated.assertions);
  ports = evaluated.networking.firewall.allowedTCPPorts;
}
