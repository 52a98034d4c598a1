/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The kernel structures files_iter.bpf.c reads, by hand and with only the fields it uses (as
 * core.h does for the task walk; kept apart so the two programs change independently). Fields
 * inside the kernel's anonymous unions (sock_common's addresses and ports) are declared flat:
 * libbpf's CO-RE matching looks through anonymous members.
 */
#ifndef BPFTOP_FILES_CORE_H
#define BPFTOP_FILES_CORE_H

#include "core.h"

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct super_block { unsigned int s_dev; };
struct inode {
	unsigned short i_mode;
	unsigned long i_ino;
	struct super_block *i_sb;
};
struct vfsmount { struct super_block *mnt_sb; };
struct dentry;
struct path { struct vfsmount *mnt; struct dentry *dentry; };
struct file {
	struct path f_path;
	struct inode *f_inode;
	unsigned int f_flags;
	long long f_pos;
};

struct sock;
/* An enum in the kernel; CO-RE accepts an enum (of any name) only where the kernel has one. */
enum socket_state___files { SS_FREE___files = 0 };
struct socket {
	enum socket_state___files state;
	short type;
	struct file *file;
	struct sock *sk;
};

struct in6_addr___files { unsigned char s6_addr[16]; };
typedef struct { int counter; } atomic_t___files;

struct sock_common {
	unsigned int skc_daddr;
	unsigned int skc_rcv_saddr;
	unsigned short skc_dport;
	unsigned short skc_num;
	unsigned short skc_family;
	unsigned char skc_state;
	struct { struct net *net; } skc_net;
	struct in6_addr___files skc_v6_daddr;
	struct in6_addr___files skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
	struct { atomic_t___files rmem_alloc; } sk_backlog;
	struct { atomic_t___files refs; } sk_wmem_alloc;
	unsigned short sk_type;
	unsigned short sk_protocol;
	kuid_t sk_uid;
	unsigned int sk_ack_backlog;
	struct socket *sk_socket;
};

/* A full TCP socket begins with its struct sock (inside inet_connection_sock and inet_sock). */
struct tcp_sock {
	unsigned int rcv_nxt;
	unsigned int copied_seq;
	unsigned int snd_una;
	unsigned int write_seq;
	unsigned int total_retrans;
	unsigned long long bytes_received;
	unsigned long long bytes_acked;
};

/* A socket and its inode are allocated together (include/net/sock.h, SOCK_INODE). */
struct socket_alloc { struct socket socket; struct inode vfs_inode; };

struct sockaddr_un___files { unsigned short sun_family; char sun_path[108]; };
struct unix_address { int len; struct sockaddr_un___files name[0]; };
struct unix_sock { struct sock sk; struct unix_address *addr; };
struct udp_sock;

struct fdtable { unsigned long *close_on_exec; };
struct files_struct { struct fdtable *fdt; };
struct task_struct___files { struct files_struct *files; };

struct bpf_iter__task_file { struct bpf_iter_meta *meta; struct task_struct *task; u32 fd; struct file *file; };
struct bpf_iter__tcp { struct bpf_iter_meta *meta; struct sock_common *sk_common; unsigned int uid; };
struct bpf_iter__udp { struct bpf_iter_meta *meta; struct udp_sock *udp_sk; unsigned int uid; int bucket; };
struct bpf_iter__unix { struct bpf_iter_meta *meta; struct unix_sock *unix_sk; unsigned int uid; };

#pragma clang attribute pop

#endif
