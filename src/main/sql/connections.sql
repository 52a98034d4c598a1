-- Established TCP and UDP connections with the process, unit and container that hold them
SELECT s.pid, p.comm, p.username, p.unit, p.container_name, s.protocol, s.family,
       s.local_address, s.local_port, s.remote_address, s.remote_port,
       s.send_queue, s.recv_queue, s.bytes_acked, s.bytes_received, s.retransmits, s.net_ns
FROM sockets s LEFT JOIN processes p ON p.pid = s.pid
WHERE s.state = 'ESTABLISHED' AND s.family <> 'unix'
