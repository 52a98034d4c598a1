-- Sockets waiting for connections or datagrams and who holds them (osquery's listening_ports)
SELECT s.pid, p.comm, s.local_port AS port, s.protocol, s.family, s.local_address AS address, s.fd,
       s.inode AS socket, s.path, s.net_ns AS net_namespace
FROM sockets s LEFT JOIN processes p ON p.pid = s.pid
WHERE (s.protocol = 'tcp' AND s.state = 'LISTEN')
   OR (s.protocol = 'udp' AND s.state = 'UNCONN' AND s.local_port <> 0)
   OR (s.protocol = 'unix' AND s.state = 'LISTEN')
