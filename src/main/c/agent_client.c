// bpftop's fast path: hands a one-liner (bpftop -e ...) to a running `bpftop agent` over its unix
// socket and relays the answer, so no JVM starts. bin/bpftop execs this first; when no agent
// answers, or the command line needs more than a one-liner (the shell, a live view, -f, stdin),
// this execs bin/bpftop again with BPFTOP_AGENT_TRIED=1, which then starts the JVM.
// The protocol is documented in docs/agent.md and src/main/java/dev/bpftop/agent/Protocol.java.
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define HELLO "bpftop-agent 1\n"
#define DEFAULT_SOCKET "/run/bpftop/agent.sock"

static char **saved_argv;
static volatile sig_atomic_t sock = -1;

// Runs the command line standalone: bin/bpftop again, which now starts the JVM.
__attribute__((noreturn)) static void standalone(void) {
    const char *launcher = getenv("BPFTOP_LAUNCHER");
    if (!launcher || !*launcher) {
        fputs("bpftop: BPFTOP_LAUNCHER is not set (run bpftop through bin/bpftop)\n", stderr);
        exit(2);
    }
    setenv("BPFTOP_AGENT_TRIED", "1", 1);
    execv(launcher, saved_argv);
    fprintf(stderr, "bpftop: cannot run %s: %s\n", launcher, strerror(errno));
    exit(2);
}

static int matches(const char *arg, const char *name) {
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == 0 || arg[n] == '=');
}

// Only -e one-liners with options whose meaning does not depend on this process go to the agent;
// anything else (or anything unknown) runs standalone, which is always right, only slower.
static int one_liner(int argc, char **argv) {
    static const char *with_value[] = {"-e", "--execute", "--format", "--sample", "--timeout", "--max-memory", 0};
    static const char *flags[] = {"--no-header", "--yes", "--dry-run", "--verbose", 0};
    int statements = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int known = 0;
        for (const char **f = flags; *f && !known; f++) known = strcmp(a, *f) == 0;
        for (const char **o = with_value; *o && !known; o++) {
            if (!matches(a, *o)) continue;
            known = 1;
            if (!strchr(a, '=') && ++i >= argc) return 0; // a missing value: the JVM says so
            if (strcmp(*o, "-e") == 0 || strcmp(*o, "--execute") == 0) statements++;
        }
        if (!known && strncmp(a, "-e", 2) == 0 && a[2] != 0 && a[2] != '-') { // -eSQL
            known = 1;
            statements++;
        }
        if (!known) return 0;
    }
    return statements > 0;
}

static int columns(void) {
    const char *env = getenv("COLUMNS");
    if (env && *env && strlen(env) <= 5 && strspn(env, "0123456789") == strlen(env)) return atoi(env);
    struct winsize ws;
    return ioctl(1, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
}

static int write_all(int fd, const void *buf, size_t len) {
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len) {
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void put32(char *p, uint32_t v) {
    p[0] = (char)(v >> 24); p[1] = (char)(v >> 16); p[2] = (char)(v >> 8); p[3] = (char)v;
}

static uint32_t get32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

// Ctrl-C (or a hang-up, or kill): closing the connection makes the agent cancel the statement;
// then the signal ends this process as it would have ended the JVM's.
static void on_signal(int sig) {
    if (sock >= 0) close(sock);
    signal(sig, SIG_DFL);
    raise(sig);
}

static int request(int fd, int argc, char **argv) {
    size_t size = strlen(HELLO) + 12;
    for (int i = 1; i < argc; i++) size += 4 + strlen(argv[i]);
    char *buf = malloc(size), *p = buf;
    if (!buf) return -1;
    memcpy(p, HELLO, strlen(HELLO));
    p += strlen(HELLO);
    put32(p, isatty(0) && isatty(1) ? 1 : 0);
    put32(p + 4, (uint32_t)columns());
    put32(p + 8, (uint32_t)(argc - 1));
    p += 12;
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]);
        put32(p, (uint32_t)n);
        memcpy(p + 4, argv[i], n);
        p += 4 + n;
    }
    int rc = write_all(fd, buf, size);
    free(buf);
    return rc;
}

int main(int argc, char **argv) {
    saved_argv = argv;
    const char *path = getenv("BPFTOP_AGENT_SOCKET");
    if (!path) path = DEFAULT_SOCKET;
    if (getenv("BPFTOP_AGENT_TRIED") || !*path || !one_liner(argc, argv)) standalone();

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) standalone();
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) standalone();
    sock = fd;
    signal(SIGPIPE, SIG_IGN); // a closed stdout drops output, as the JVM's System.out does
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, 0);
    sigaction(SIGTERM, &sa, 0);
    sigaction(SIGHUP, &sa, 0);
    if (request(fd, argc, argv) < 0) standalone();

    int wrote = 0;
    for (;;) {
        unsigned char head[5];
        if (read_all(fd, head, 5) < 0) break;
        uint32_t len = get32(head + 1);
        char *payload = len ? malloc(len) : 0;
        if (len && (!payload || read_all(fd, payload, len) < 0)) break;
        switch (head[0]) {
        case 'o':
        case 'e':
            write_all(head[0] == 'o' ? 1 : 2, payload, len);
            wrote = 1;
            break;
        case 'x':
            if (len != 4) goto broken;
            exit((int)get32((unsigned char *)payload));
        case 'f':
            if (wrote) goto broken;
            close(fd);
            standalone();
        default:
            goto broken; // a frame of a later version
        }
        free(payload);
    }
broken:
    if (!wrote) standalone(); // the agent went away before answering: run here instead
    fputs("bpftop: the agent closed the connection before the statement finished\n", stderr);
    return 1;
}
