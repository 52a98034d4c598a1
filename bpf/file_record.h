/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One record per open file of a task (iter/task_file) or per socket of the reader's network
 * namespace (iter/tcp, iter/udp, iter/unix), shared by bpf/files_iter.bpf.c and Java
 * (FileRecordLayout is generated from this header by bpf/file_layout.c, and the BPF compile
 * checks the same offsets). Little-endian, naturally aligned, no implicit padding. Each record is
 * followed by name_len bytes: the file's path (bpf_d_path) or a unix socket's address (sun_path
 * as bound: a leading NUL for an abstract name), and record_size says where the next one starts.
 * A record without FREC_HAS_SOCKET is cut short where the socket fields begin (at family, the
 * head: 56 bytes, where its name follows), since a file's record needs none of them: most of a
 * walk's records are those.
 */
#ifndef BPFTOP_FILE_RECORD_H
#define BPFTOP_FILE_RECORD_H

#define FILE_NAME_MAX 4096

/* kind */
#define FREC_FD 1       /* an fd of a task: tgid and fd set */
#define FREC_SOCKET 2   /* a socket from a socket iterator, whoever holds it */

/* flags */
#define FREC_HAS_SOCKET 0x1   /* the socket fields are set (inet TCP/UDP or unix) */
#define FREC_HAS_TCP 0x2      /* bytes_acked, bytes_received and retransmits are set */
#define FREC_PATH 0x4         /* the name is the file's path */
#define FREC_UNIX_NAME 0x8    /* the name is a unix socket's bound address */
/*
 * An fd's socket that the socket iterators beside the fd walk should give (the fd's process is in
 * their network namespace): the record is a head only, without the socket's inode (i_mode is
 * S_IFSOCK alone), and the iterator's record with the same sock_key carries the socket and its
 * inode, which user space joins. So each socket is read once, by the walk that reads sockets,
 * neither the socket's inode nor its struct sock is touched by the fd walk (cache misses, at
 * 20,000 sockets), and no map marks which were given. A reference nothing joins (a socket of
 * another kind or namespace, or one opened between the walks) sends user space back to read that
 * process's descriptors alone.
 */
#define FREC_SOCKET_REF 0x10

struct file_record {
	__u32 record_size;     /* this record plus its name bytes, rounded up to 8 */
	__u16 kind;
	__u16 name_len;
	__s32 tgid;
	__s32 fd;
	__u32 flags;           /* FREC_* */
	__u32 f_flags;         /* open(2) flags */
	__s64 pos;
	__u64 ino;
	__u32 dev;             /* the superblock's dev_t, kernel encoding (major << 20 | minor) */
	__u32 i_mode;
	/*
	 * The kernel address of the fd's or the iterator's struct socket (0: none), which joins a
	 * FREC_SOCKET_REF to its socket; never shown.
	 */
	__u64 sock_key;
	/* the socket, when FREC_HAS_SOCKET */
	__u16 family;
	__u16 sock_type;       /* SOCK_STREAM, SOCK_DGRAM, ... */
	__u16 protocol;        /* IPPROTO_TCP, IPPROTO_UDP; 0 for unix */
	__u8 state;            /* sk_state (TCP_* numbering) */
	__u8 sock_state;       /* struct socket's SS_*, as /proc/net/unix shows it; 0 without one */
	__u16 local_port;      /* host order */
	__u16 remote_port;
	__u32 uid;             /* sk_uid */
	__u32 net_ns;          /* inode of the socket's network namespace */
	__u32 send_queue;
	__u32 recv_queue;
	__u32 retransmits;
	__u8 local_addr[16];   /* IPv4 in the first 4 bytes, network order */
	__u8 remote_addr[16];
	__u64 bytes_acked;
	__u64 bytes_received;
	__u64 sock_ino;        /* the socket's inode (0: none, as for TIME_WAIT) */
};

_Static_assert(sizeof(struct file_record) % 8 == 0, "records follow each other 8-byte aligned");

/* Where a record without FREC_HAS_SOCKET ends and its name begins. */
#define FILE_HEAD_SIZE __builtin_offsetof(struct file_record, family)
_Static_assert(FILE_HEAD_SIZE % 8 == 0, "a head-only record's name starts 8-byte aligned too");

/* fd_sockets: what the fd walk does with a socket descriptor */
#define FD_SOCKETS_READ 0   /* reads the socket (a walk of one process, which no socket iterator accompanies) */
#define FD_SOCKETS_BESIDE 1 /* a FREC_SOCKET_REF for the socket iterators that run beside it, where its process is in their namespace */
#define FD_SOCKETS_UNREAD 2 /* its head and inode only: no socket's state is wanted (open_files alone) */

struct files_config {
	__u32 use_ringbuf; /* records go to the ring buffer; a full ring spills into the seq_file */
	__u32 net_ns;      /* inode of the loader's network namespace: the one the socket iterators walk */
};

#endif
