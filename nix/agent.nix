# services.bpftop.agent: `bpftop agent` as bpftop-agent.service, its [Service] settings (capability
# set, NoNewPrivileges, the rest of the hardening) read from the unit the Debian package ships,
# src/main/systemd/bpftop-agent.service, with ExecStart built from the options below.
#   services.bpftop.agent = { enable = true; listen = "0.0.0.0:8765";
#     tls = { cert = "/etc/bpftop/agent.pem"; key = "/etc/bpftop/agent.key"; clientCa = "/etc/bpftop/clients-ca.pem"; }; };
# Files are given as strings, not Nix paths, so that keys and tokens stay out of the Nix store.
defaultPackage: { config, lib, pkgs, utils, ... }:
let
  cfg = config.services.bpftop.agent;
  shipped = import ./unit-service.nix ../src/main/systemd/bpftop-agent.service;
  flag = name: value: lib.optionals (value != null) [ name value ];
  args = [ "agent" "--socket" cfg.socket ]
    ++ lib.optional cfg.allowControl "--allow-control"
    ++ flag "--listen" cfg.listen
    ++ flag "--token-file" cfg.tokenFile
    ++ flag "--tls-cert" cfg.tls.cert
    ++ flag "--tls-key" cfg.tls.key
    ++ flag "--tls-client-ca" cfg.tls.clientCa
    ++ flag "--metrics" cfg.metrics
    ++ cfg.extraArgs;
  host = if cfg.listen == null then null else builtins.head (builtins.match "\\[?([^]]*)]?:[0-9]+" cfg.listen);
  loopback = host != null && (host == "localhost" || host == "::1" || builtins.match "127\\..*" host != null);
  socketDir = dirOf cfg.socket;
  nullOrFile = description: lib.mkOption { type = lib.types.nullOr lib.types.str; default = null; inherit description; };
in {
  options.services.bpftop.agent = {
    enable = lib.mkEnableOption "the bpftop agent, which keeps bpftop loaded for one-liners, remote JDBC and /metrics";
    package = lib.mkOption {
      type = lib.types.package;
      default = defaultPackage pkgs;
      description = "The bpftop package (the self-contained bundle by default).";
    };
    socket = lib.mkOption {
      type = lib.types.str;
      default = "/run/bpftop/agent.sock";
      description = "The unix socket (mode 0660, group bpftop): members of the group may ask the agent.";
    };
    allowControl = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "Let FREEZE/THAW act over the socket, for root or the owner of the target cgroup.";
    };
    listen = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "0.0.0.0:8765";
      description = "HOST:PORT for remote JDBC (Avatica) and /metrics. Beyond loopback it needs tokenFile, tls.clientCa or both.";
    };
    tokenFile = nullOrFile "A file holding the bearer token remote clients must give.";
    tls = {
      cert = nullOrFile "The listener's certificate chain (PEM, leaf first); serves --listen over TLS.";
      key = nullOrFile "The key of tls.cert (PEM, unencrypted PKCS#8).";
      clientCa = nullOrFile "Mutual TLS: clients must present a certificate signed by a CA in this PEM file.";
    };
    metrics = nullOrFile "The /metrics series (YAML); the shipped default when null.";
    openFirewall = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "Open the listen port in the firewall.";
    };
    extraArgs = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      example = [ "--tick" "2s" ];
      description = "More `bpftop agent` options.";
    };
  };

  config = lib.mkIf cfg.enable {
    assertions = [
      { assertion = (cfg.tls.cert == null) == (cfg.tls.key == null);
        message = "services.bpftop.agent: tls.cert and tls.key go together"; }
      { assertion = cfg.tls.clientCa == null || cfg.tls.cert != null;
        message = "services.bpftop.agent: tls.clientCa needs tls.cert and tls.key"; }
      { assertion = cfg.listen == null || loopback || cfg.tokenFile != null || cfg.tls.clientCa != null;
        message = "services.bpftop.agent: listening beyond loopback needs tokenFile, tls.clientCa (mutual TLS) or both"; }
    ];
    users.groups.bpftop = { };
    environment.systemPackages = [ cfg.package ];
    systemd.services.bpftop-agent = {
      description = "bpftop agent (SQL over live processes, kept loaded)";
      documentation = [ "man:bpftop(1)" ];
      after = [ "local-fs.target" ] ++ lib.optional (cfg.listen != null) "network.target";
      wantedBy = [ "multi-user.target" ];
      serviceConfig = shipped // {
        ExecStart = utils.escapeSystemdExecArgs ([ "${cfg.package}/bin/bpftop" ] ++ args);
        # A socket elsewhere: the agent makes its directory ("-": no error while it does not exist yet).
        ReadWritePaths = if socketDir == shipped.ReadWritePaths then shipped.ReadWritePaths else "${shipped.ReadWritePaths} -${socketDir}";
      };
    };
    networking.firewall.allowedTCPPorts = lib.optionals (cfg.openFirewall && cfg.listen != null)
      [ (lib.toInt (lib.last (lib.splitString ":" cfg.listen))) ];
  };
}
