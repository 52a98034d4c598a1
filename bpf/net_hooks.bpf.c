// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Payload bytes each process sends and receives over TCP and UDP, IPv4 and IPv6, counted where
 * the socket layer hands a message to the protocol and gets back the bytes the call moved. Three
 * sets of programs count the same thing; the loader keeps the first the kernel accepts:
 *   fexit on inet_sendmsg/inet6_sendmsg and inet_recvmsg/inet6_recvmsg (a BPF trampoline, no
 *     exception or breakpoint per call);
 *   tp_btf on the sock_send_length/sock_recv_length tracepoints (6.3+), which sock_sendmsg and
 *     sock_recvmsg fire with the same return value, for kernels that refuse trampolines;
 *   kprobe + kretprobe on the inet_* functions, which pass the socket from the entry to the
 *     return through a per-thread map.
 * Hooking the inet_* layer rather than tcp_sendmsg, udp_sendmsg, udpv6_sendmsg... counts each call
 * once (udpv6_sendmsg hands a v4-mapped destination on to udp_sendmsg, which would count it
 * twice), and their signatures have not changed in years (tcp_recvmsg lost an argument in 5.19).
 *
 * Counts live in a hash keyed by tgid; a process's entry is removed when its last thread exits,
 * so the map holds only live processes that touched the network since the hooks were attached.
 * Not counted: MSG_PEEK reads (the data is read again later), sendfile/splice on kernels before
 * 6.5 (tcp_sendpage, not sendmsg), and other sockets (raw, SCTP, MPTCP, unix).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define MSG_PEEK 2

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
struct sock_common { unsigned short skc_family; };
/* sk_type and sk_protocol are u16 since 5.6; before, bitfields (the task iterator needs 5.8 anyway). */
struct sock { struct sock_common __sk_common; __u16 sk_type; __u16 sk_protocol; };
struct socket { struct sock *sk; };
typedef struct { int counter; } atomic_t;
struct signal_struct { atomic_t live; };
struct task_struct { int tgid; struct signal_struct *signal; };
struct msghdr;
#pragma clang attribute pop

/* User space reads this layout: NetHooks.RX_OFFSET and TX_OFFSET. */
struct net_bytes {
	__u64 rx;
	__u64 tx;
};
_Static_assert(__builtin_offsetof(struct net_bytes, tx) == 8 && sizeof(struct net_bytes) == 16,
	       "NetHooks reads rx at 0 and tx at 8");

/*
 * Preallocated (no allocation in the hot path, safe in any context); the user-space side sizes
 * its batch read to the same number. A process beyond it is not counted until one exits.
 */
#define MAX_PROCESSES 32768

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_PROCESSES);
	__type(key, __u32);
	__type(value, struct net_bytes);
} net_by_tgid SEC(".maps");

/* TCP over IPv4 or IPv6, or UDP likewise: not a raw socket of protocol 6 or 17. */
static __always_inline int tcp_or_udp(__u16 family, __u16 type, __u16 protocol)
{
	if (family != AF_INET && family != AF_INET6)
		return 0;
	return (type == SOCK_STREAM && protocol == IPPROTO_TCP) || (type == SOCK_DGRAM && protocol == IPPROTO_UDP);
}

/*
 * The socket as the kernel passes it to fexit and tp_btf programs: a BTF-typed pointer, read with
 * plain loads (the verifier makes each a load that tolerates faults), cheaper than one
 * bpf_probe_read_kernel per field.
 */
static __always_inline int counted(struct sock *sk)
{
	return sk && tcp_or_udp(sk->__sk_common.skc_family, sk->sk_type, sk->sk_protocol);
}

static __always_inline void add(long bytes, int received)
{
	if (bytes <= 0)
		return;
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct net_bytes *v = bpf_map_lookup_elem(&net_by_tgid, &tgid);
	if (!v) {
		struct net_bytes zero = {};
		/* NOEXIST: another thread of the process may have created it in between. */
		bpf_map_update_elem(&net_by_tgid, &tgid, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&net_by_tgid, &tgid);
		if (!v)
			return; /* full */
	}
	/* Threads of one process run on several CPUs at once. */
	if (received)
		__sync_fetch_and_add(&v->rx, bytes);
	else
		__sync_fetch_and_add(&v->tx, bytes);
}

/* --- fexit: arguments and return value in one call --- */

SEC("fexit/inet_sendmsg")
int BPF_PROG(fx_send4, struct socket *sock, struct msghdr *msg, __u64 size, int ret)
{
	if (ret > 0 && counted(sock->sk))
		add(ret, 0);
	return 0;
}

SEC("fexit/inet6_sendmsg")
int BPF_PROG(fx_send6, struct socket *sock, struct msghdr *msg, __u64 size, int ret)
{
	if (ret > 0 && counted(sock->sk))
		add(ret, 0);
	return 0;
}

SEC("fexit/inet_recvmsg")
int BPF_PROG(fx_recv4, struct socket *sock, struct msghdr *msg, __u64 size, int flags, int ret)
{
	if (ret > 0 && !(flags & MSG_PEEK) && counted(sock->sk))
		add(ret, 1);
	return 0;
}

SEC("fexit/inet6_recvmsg")
int BPF_PROG(fx_recv6, struct socket *sock, struct msghdr *msg, __u64 size, int flags, int ret)
{
	if (ret > 0 && !(flags & MSG_PEEK) && counted(sock->sk))
		add(ret, 1);
	return 0;
}

/* --- tp_btf: sock_sendmsg and sock_recvmsg report each call's result (6.3+) --- */

SEC("tp_btf/sock_send_length")
int BPF_PROG(tp_send, struct sock *sk, int ret, int flags)
{
	if (ret > 0 && counted(sk))
		add(ret, 0);
	return 0;
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(tp_recv, struct sock *sk, int ret, int flags)
{
	if (ret > 0 && !(flags & MSG_PEEK) && counted(sk))
		add(ret, 1);
	return 0;
}

/* --- kprobe + kretprobe: the entry keeps the socket for the return, per thread --- */

struct {
	/* LRU: an entry whose return was missed (kretprobe instances ran out) ages out. */
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} in_flight SEC(".maps");

/* Only a TCP or UDP socket's call is remembered; a pointer in a kprobe is not BTF-typed, hence the probe reads. */
static __always_inline void enter(struct socket *sock)
{
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (!sk || !tcp_or_udp(BPF_CORE_READ(sk, __sk_common.skc_family), BPF_CORE_READ(sk, sk_type), BPF_CORE_READ(sk, sk_protocol)))
		return;
	__u64 tid = bpf_get_current_pid_tgid();
	__u8 yes = 1;
	bpf_map_update_elem(&in_flight, &tid, &yes, BPF_ANY);
}

static __always_inline void leave(long ret, int received)
{
	__u64 tid = bpf_get_current_pid_tgid();
	if (!bpf_map_lookup_elem(&in_flight, &tid))
		return;
	bpf_map_delete_elem(&in_flight, &tid);
	add(ret, received);
}

SEC("kprobe/inet_sendmsg")
int BPF_KPROBE(kp_send4, struct socket *sock)
{
	enter(sock);
	return 0;
}

SEC("kretprobe/inet_sendmsg")
int BPF_KRETPROBE(kr_send4, int ret)
{
	leave(ret, 0);
	return 0;
}

SEC("kprobe/inet6_sendmsg")
int BPF_KPROBE(kp_send6, struct socket *sock)
{
	enter(sock);
	return 0;
}

SEC("kretprobe/inet6_sendmsg")
int BPF_KRETPROBE(kr_send6, int ret)
{
	leave(ret, 0);
	return 0;
}

SEC("kprobe/inet_recvmsg")
int BPF_KPROBE(kp_recv4, struct socket *sock, struct msghdr *msg, __u64 size, int flags)
{
	if (!(flags & MSG_PEEK))
		enter(sock);
	return 0;
}

SEC("kretprobe/inet_recvmsg")
int BPF_KRETPROBE(kr_recv4, int ret)
{
	leave(ret, 1);
	return 0;
}

SEC("kprobe/inet6_recvmsg")
int BPF_KPROBE(kp_recv6, struct socket *sock, struct msghdr *msg, __u64 size, int flags)
{
	if (!(flags & MSG_PEEK))
		enter(sock);
	return 0;
}

SEC("kretprobe/inet6_recvmsg")
int BPF_KRETPROBE(kr_recv6, int ret)
{
	leave(ret, 1);
	return 0;
}

/*
 * Either set: a process is forgotten when its last thread exits (signal->live reached 0 before
 * this tracepoint), so the map holds live processes only and a reused pid starts from zero.
 * tp_btf needs BTF, not trampolines.
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(net_exit, struct task_struct *p)
{
	if (BPF_CORE_READ(p, signal, live.counter) != 0)
		return 0;
	__u32 tgid = BPF_CORE_READ(p, tgid);
	bpf_map_delete_elem(&net_by_tgid, &tgid);
	return 0;
}
