# The [Service] settings of a shipped systemd unit file, as an attribute set (key = value; a key
# given twice keeps its last value). The NixOS module takes its hardening from the unit this way,
# so the two cannot drift apart. Builtins only: FlakeTest evaluates it without nixpkgs.
unitFile:
let
  lines = builtins.filter builtins.isString (builtins.split "\n" (builtins.readFile unitFile));
  # Each line with the section it is in: [ { section = "Service"; line = "NoNewPrivileges=yes"; } … ]
  step = acc: line:
    let header = builtins.match "[[]([A-Za-z]+)[]]" line;
    in if header != null then acc // { section = builtins.head header; }
       else acc // { out = acc.out ++ [ { inherit (acc) section; inherit line; } ]; };
  tagged = (builtins.foldl' step { section = ""; out = [ ]; } lines).out;
  settings = builtins.filter (x: x != null) (map (t:
    let kv = builtins.match "([A-Za-z]+)=(.*)" t.line;
    in if t.section == "Service" && kv != null then { name = builtins.elemAt kv 0; value = builtins.elemAt kv 1; } else null) tagged);
in builtins.listToAttrs settings
