// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Open files and sockets, for the open_files and sockets tables; a program family of its own
 * beside task_iter.bpf.c, loaded only when a query reads those tables.
 *
 * - dump_fd (iter/task_file): one record per open fd of every task, or of one process when the
 *   loader attaches it with bpf_iter_link_info.task.pid (6.1+). Threads share their fd table, so
 *   only the leader's walk is kept. dump_fd_numbers is the same walk without paths, and
 *   dump_socket_fd gives socket fds only: what a statement that reads no path, or only the
 *   sockets table, needs. The path comes from bpf_d_path, which iterators may call
 *   (5.10+, so every kernel the task walk runs on: 6.1, 6.12, 6.18); it writes what /proc/PID/fd
 *   links show, " (deleted)" and "pipe:[N]" included. A socket is decoded where it is found
 *   (the way psc does), so sockets in every network namespace show with their holders.
 * - dump_tcp, dump_udp, dump_unix (iter/tcp, iter/udp, iter/unix): every socket of the reader's
 *   network namespace, as /proc/net/tcp shows it. In a whole-system collection they run beside
 *   the fd walk (user space reads them on another thread, into a ring of their own), which then
 *   gives a socket of that namespace as a reference (FREC_SOCKET_REF: its fd's head only), and
 *   user space joins the two by the socket's inode: each socket is read once, and those no fd
 *   refers to are the ones no process holds (TIME_WAIT, orphans). A walk of one process, which
 *   no socket iterator accompanies, reads its sockets itself.
 *
 * Socket fields are read with BPF_CORE_READ: the socket iterators hand out a sock_common that
 * may be a full socket, a request socket or a timewait one, and only the first has more than
 * sock_common's fields, so a plain load through a cast would be refused by the verifier.
 */
#include "files_core.h"
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "file_record.h"

char LICENSE[] SEC("license") = "GPL";

#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define TCP_ESTABLISHED 1
#define TCP_TIME_WAIT 6
#define TCP_LISTEN 10
#define TCP_NEW_SYN_RECV 12
#define O_CLOEXEC 02000000
#define S_IFSOCK 0140000

#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

struct buffer {
	struct file_record rec;
	char name[FILE_NAME_MAX];
	/*
	 * The last close-on-exec word read (see cloexec), and which it is: of which walk (the
	 * iterator's session), at which address. fresh_buffer leaves these be.
	 */
	__u64 coe_session;
	unsigned long *coe_at;
	unsigned long coe_word;
};

/*
 * The fd walk's record in the making. The socket iterators have their own (socket_scratch): user
 * space runs them beside the fd walk, on another thread, and a walk preempted on a CPU must not
 * find its record rewritten by the other when it resumes.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct buffer);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct buffer);
} socket_scratch SEC(".maps");

const volatile struct files_config config = {};

/*
 * Room for some 180,000 records (136 bytes and a path each): a walk then stays within one read()
 * however many files there are; beyond, records spill into the seq_file, 32 KiB per read().
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 32 << 20);
} file_records SEC(".maps");

/*
 * The socket iterators' records (some 150 bytes a socket: room for about 100,000 before they
 * spill into the seq_file), apart from the fd walk's so that user space can take and decode them
 * while the fd walk still runs.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} socket_records SEC(".maps");

/*
 * What the fd walk does with a socket (FD_SOCKETS_*, file_record.h), which user space writes
 * (mmapped) before each walk: read it, leave it to the socket iterators that run beside a
 * whole-system walk, or leave its state unread (open_files alone).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} fd_sockets SEC(".maps");

static __always_inline __u64 fd_sockets_mode(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&fd_sockets, &zero);

	return n ? *n : FD_SOCKETS_READ;
}

static __always_inline struct buffer *fresh_buffer(void *scratch_map)
{
	__u32 zero = 0;
	struct buffer *buf = bpf_map_lookup_elem(scratch_map, &zero);

	if (buf)
		__builtin_memset(&buf->rec, 0, sizeof(buf->rec));
	return buf;
}

/* Where a head-only record's name goes: right after the head. */
static __always_inline char *head_name(struct buffer *buf)
{
	return (char *)&buf->rec + FILE_HEAD_SIZE;
}

/*
 * Into the ring, the first head bytes of the record (FILE_HEAD_SIZE or all of it) and its name;
 * a record the ring has no room for goes to the seq_file, so none is lost.
 */
static __always_inline void emit(struct seq_file *seq, void *ring, struct buffer *buf, __u64 head)
{
	__u64 len = buf->rec.name_len;
	__u64 size;

	if (len > FILE_NAME_MAX)
		len = FILE_NAME_MAX;
	size = (head + len + 7) & ~7ull;
	if (size > sizeof(*buf))
		size = sizeof(*buf);
	barrier_var(size);
	if (size > sizeof(*buf))
		return;
	buf->rec.record_size = size;
	if (config.use_ringbuf && bpf_ringbuf_output(ring, buf, size, BPF_RB_NO_WAKEUP) == 0)
		return;
	bpf_seq_write(seq, buf, size);
}

/* The unix address as bound: sun_path's bytes, a leading NUL for an abstract name. */
static __always_inline void unix_name(struct buffer *buf, struct sock *sk)
{
	struct unix_address *addr = BPF_CORE_READ((struct unix_sock *)sk, addr);
	int bound;
	__u64 len; /* 64-bit: a u32 is checked on a zero-extended copy, and the verifier keeps no bound for the original */

	if (!addr)
		return;
	bound = BPF_CORE_READ(addr, len);
	if (bound <= (int)sizeof(unsigned short))
		return;
	len = bound - sizeof(unsigned short);
	if (len > 108)
		len = 108;
	/* the compiler may pass a copy made before the clamp; after the barrier the check is on what is passed */
	barrier_var(len);
	if (len > 108)
		return;
	if (bpf_probe_read_kernel(buf->name, len, &addr->name[0].sun_path) == 0) {
		buf->rec.name_len = len;
		buf->rec.flags |= FREC_UNIX_NAME;
	}
}

/*
 * TCP's queues and counters. From a socket iterator the socket is a tcp_sock the verifier knows
 * (bpf_skc_to_tcp_sock), read with direct loads; from the fd walk it is a struct sock reached
 * through pointers the verifier does not trust, which bpf_skc_to_tcp_sock refuses: probe reads
 * there (a walk of one process, or a socket of another network namespace).
 */
static __always_inline void read_tcp(struct file_record *r, struct sock *sk, struct tcp_sock *tp)
{
	__u32 write_seq, snd_una, rcv_nxt, copied_seq;
	__s32 rx;

	r->flags |= FREC_HAS_TCP;
	if (tp) {
		write_seq = tp->write_seq;
		snd_una = tp->snd_una;
		rcv_nxt = tp->rcv_nxt;
		copied_seq = tp->copied_seq;
		r->bytes_acked = tp->bytes_acked;
		r->bytes_received = tp->bytes_received;
		r->retransmits = tp->total_retrans;
	} else {
		struct tcp_sock *cast = (struct tcp_sock *)sk;

		write_seq = BPF_CORE_READ(cast, write_seq);
		snd_una = BPF_CORE_READ(cast, snd_una);
		rcv_nxt = BPF_CORE_READ(cast, rcv_nxt);
		copied_seq = BPF_CORE_READ(cast, copied_seq);
		r->bytes_acked = BPF_CORE_READ(cast, bytes_acked);
		r->bytes_received = BPF_CORE_READ(cast, bytes_received);
		r->retransmits = BPF_CORE_READ(cast, total_retrans);
	}
	r->send_queue = write_seq - snd_una;
	rx = rcv_nxt - copied_seq;
	r->recv_queue = r->state == TCP_LISTEN ? sk->sk_ack_backlog : (rx > 0 ? rx : 0);
}

/*
 * The socket's inode number as /proc/net/tcp gives it (sock_i_ino): the inode allocated with the
 * socket, right after it (SOCK_INODE), so no pointer to the file and from there to the inode is
 * followed (two cache misses a socket, at 20,000 sockets). The verifier knows sock only as a
 * struct socket, so the inode beyond it is a probe read.
 */
static __always_inline __u64 sock_inode(struct socket *sock)
{
	unsigned long ino = 0;
	__u64 at = bpf_core_field_offset(struct socket_alloc, vfs_inode) + bpf_core_field_offset(struct inode, i_ino);

	bpf_probe_read_kernel(&ino, sizeof(ino), (void *)sock + at);
	return ino;
}

/*
 * The socket's addresses, state and queues, as /proc/net/{tcp,udp,unix} compute them. The fields
 * of sock_common and sock are direct loads through the kernel's own types (BTF), not a
 * bpf_probe_read_kernel call each: tens of those per socket, at 20,000 sockets, were most of a
 * walk. Unix's address stays a probe read. A TIME_WAIT or request socket has only sock_common
 * (sk_full NULL): its queues stay 0, as /proc shows them. tp: sk_full as the tcp_sock a socket
 * iterator was given, or NULL (see read_tcp).
 */
static __always_inline void read_sock(struct buffer *buf, struct sock_common *skc, struct sock *sk_full, struct tcp_sock *tp)
{
	struct file_record *r = &buf->rec;
	__u16 family = skc->skc_family;
	__u16 protocol = IPPROTO_TCP;
	struct socket *sock;

	if (family != AF_INET && family != AF_INET6 && family != AF_UNIX)
		return;
	r->sock_type = 1; /* SOCK_STREAM: TIME_WAIT and request sockets are TCP's */
	if (sk_full) {
		protocol = sk_full->sk_protocol;
		r->sock_type = sk_full->sk_type;
	}
	if (family != AF_UNIX && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)
		return; /* raw, icmp, sctp...: not in /proc/net/{tcp,udp} either */
	r->flags |= FREC_HAS_SOCKET;
	r->family = family;
	r->protocol = family == AF_UNIX ? 0 : protocol;
	r->state = skc->skc_state;
	r->net_ns = skc->skc_net.net->ns.inum;
	if (family == AF_INET) {
		__builtin_memcpy(r->local_addr, &skc->skc_rcv_saddr, 4);
		__builtin_memcpy(r->remote_addr, &skc->skc_daddr, 4);
	} else if (family == AF_INET6) {
		__builtin_memcpy(r->local_addr, &skc->skc_v6_rcv_saddr, 16);
		__builtin_memcpy(r->remote_addr, &skc->skc_v6_daddr, 16);
	}
	if (family != AF_UNIX) {
		r->local_port = skc->skc_num;
		r->remote_port = __builtin_bswap16(skc->skc_dport);
	}
	if (!sk_full)
		return;
	r->uid = sk_full->sk_uid.val;
	sock = sk_full->sk_socket;
	if (sock) {
		r->sock_key = (__u64)sock;
		r->sock_ino = sock_inode(sock);
		if (family == AF_UNIX)
			r->sock_state = sock->state;
	}
	if (family == AF_UNIX) {
		unix_name(buf, sk_full);
	} else if (protocol == IPPROTO_TCP) {
		read_tcp(r, sk_full, tp);
	} else {
		/* sk_wmem_alloc counts one for the socket itself (sk_wmem_alloc_get) */
		r->send_queue = sk_full->sk_wmem_alloc.refs.counter - 1;
		r->recv_queue = sk_full->sk_backlog.rmem_alloc.counter;
	}
}

/*
 * close-on-exec lives in the fd table, not in the file; /proc/PID/fdinfo adds it to the flags it
 * shows, and so does the walk. One word holds 64 fds' bits and the walk gives a task's fds in
 * order, so a word is read once (a probe read: the table is an array the verifier cannot bound)
 * and kept in the scratch buffer for the next fds, for this walk only.
 */
static __always_inline __u32 cloexec(struct bpf_iter__task_file *ctx, struct task_struct *task, struct buffer *buf)
{
	struct files_struct *files = ((struct task_struct___files *)task)->files;
	unsigned long *bits = files ? files->fdt->close_on_exec : 0;
	__u64 session = ctx->meta->session_id;
	__u32 fd = ctx->fd;

	if (!bits)
		return 0;
	bits += fd / 64;
	if (buf->coe_session != session || buf->coe_at != bits) {
		buf->coe_session = session;
		buf->coe_at = bits;
		buf->coe_word = 0;
		bpf_probe_read_kernel(&buf->coe_word, sizeof(buf->coe_word), bits);
	}
	return (buf->coe_word >> (fd % 64)) & 1 ? O_CLOEXEC : 0;
}

/* What a task_file walk gives: each a program of its own, so the cheap walks carry no branch to the dear one. */
enum fd_scope {
	SCOPE_SOCKETS, /* socket fds only (the sockets table): every other fd is passed over */
	SCOPE_FDS,     /* every fd without its path (open_files read for its numbers) */
	SCOPE_PATHS,   /* every fd with its path: bpf_d_path, 1-3 us a file, most of the walk */
};

/*
 * Whether the task is in the socket iterators' network namespace, where its sockets normally are
 * (a socket stays in the namespace it was made in): read from the task's nsproxy, which its
 * threads and processes share, not from each socket (a cache miss each).
 */
static __always_inline int in_iterators_ns(struct task_struct *task)
{
	struct nsproxy *ns = task->nsproxy;

	return ns && ns->net_ns && ns->net_ns->ns.inum == config.net_ns;
}

static __always_inline int fd_record(struct bpf_iter__task_file *ctx, enum fd_scope scope)
{
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	struct buffer *buf;
	struct socket *sock;
	struct sock *sk;
	__u32 i_mode;
	__u64 mode = FD_SOCKETS_READ;
	long n;

	if (!task || !file)
		return 0;
	/*
	 * A socket's file is known by its f_op, in the file the iterator has just taken a reference
	 * on: the sockets table's walk passes every other descriptor over without a look at its inode.
	 */
	sock = bpf_sock_from_file(file);
	if (scope == SCOPE_SOCKETS && !sock)
		return 0;
	buf = fresh_buffer(&scratch);
	if (!buf)
		return 0;
	buf->rec.kind = FREC_FD;
	buf->rec.tgid = task->tgid;
	buf->rec.fd = ctx->fd;
	buf->rec.f_flags = file->f_flags | cloexec(ctx, task, buf);
	buf->rec.pos = file->f_pos;
	if (sock) {
		/* the fd's own name is "socket:[ino]", which user space writes: no path */
		buf->rec.sock_key = (__u64)sock;
		mode = fd_sockets_mode();
		if (mode == FD_SOCKETS_BESIDE && in_iterators_ns(task)) {
			/*
			 * sockfs's device from its mount (one for every socket, so in cache), and the
			 * mode sock_alloc gives every socket: the inode stays unread
			 */
			buf->rec.dev = file->f_path.mnt->mnt_sb->s_dev;
			buf->rec.i_mode = S_IFSOCK | 0777;
			buf->rec.flags |= FREC_SOCKET_REF;
			emit(ctx->meta->seq, &file_records, buf, FILE_HEAD_SIZE);
			return 0;
		}
	}
	i_mode = file->f_inode->i_mode;
	buf->rec.ino = file->f_inode->i_ino;
	buf->rec.i_mode = i_mode;
	buf->rec.dev = file->f_inode->i_sb->s_dev;
	if (sock && (sk = sock->sk)) {
		if (mode == FD_SOCKETS_UNREAD) {
			emit(ctx->meta->seq, &file_records, buf, FILE_HEAD_SIZE);
			return 0;
		}
		read_sock(buf, &sk->__sk_common, sk, 0);
		/* with a unix socket's address as its name */
		emit(ctx->meta->seq, &file_records, buf, buf->rec.flags & FREC_HAS_SOCKET ? sizeof(buf->rec) : FILE_HEAD_SIZE);
		return 0;
	}
	if (scope == SCOPE_PATHS) {
		n = bpf_d_path(&file->f_path, head_name(buf), FILE_NAME_MAX);
		if (n > 0) {
			buf->rec.name_len = n - 1; /* without the NUL */
			buf->rec.flags |= FREC_PATH;
		}
	}
	emit(ctx->meta->seq, &file_records, buf, FILE_HEAD_SIZE);
	return 0;
}

SEC("iter/task_file")
int dump_fd(struct bpf_iter__task_file *ctx)
{
	return fd_record(ctx, SCOPE_PATHS);
}

SEC("iter/task_file")
int dump_fd_numbers(struct bpf_iter__task_file *ctx)
{
	return fd_record(ctx, SCOPE_FDS);
}

SEC("iter/task_file")
int dump_socket_fd(struct bpf_iter__task_file *ctx)
{
	return fd_record(ctx, SCOPE_SOCKETS);
}

/* A socket iterator's socket; tp: the same socket as a tcp_sock, for iter/tcp's full sockets. */
static __always_inline int dump_socket(struct seq_file *seq, struct sock_common *skc, struct sock *sk_full, struct tcp_sock *tp)
{
	struct buffer *buf;

	if (!skc)
		return 0;
	buf = fresh_buffer(&socket_scratch);
	if (!buf)
		return 0;
	buf->rec.kind = FREC_SOCKET;
	buf->rec.tgid = -1;
	buf->rec.fd = -1;
	read_sock(buf, skc, sk_full, tp);
	if (buf->rec.flags & FREC_HAS_SOCKET)
		emit(seq, &socket_records, buf, sizeof(buf->rec));
	return 0;
}

SEC("iter/tcp")
int dump_tcp(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;
	/* NULL for TIME_WAIT and request sockets, which have only sock_common */
	struct tcp_sock *tp = skc ? bpf_skc_to_tcp_sock(skc) : 0;

	return dump_socket(ctx->meta->seq, skc, (struct sock *)tp, tp);
}

SEC("iter/udp")
int dump_udp(struct bpf_iter__udp *ctx)
{
	struct sock *sk = (struct sock *)ctx->udp_sk;

	return dump_socket(ctx->meta->seq, sk ? &sk->__sk_common : 0, sk, 0);
}

SEC("iter/unix")
int dump_unix(struct bpf_iter__unix *ctx)
{
	struct sock *sk = (struct sock *)ctx->unix_sk;

	return dump_socket(ctx->meta->seq, sk ? &sk->__sk_common : 0, sk, 0);
}
