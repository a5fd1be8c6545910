// Kept in C because a signal handler may only touch `volatile sig_atomic_t` globals and
// async-signal-safe calls; Swift offers neither guarantee.
#define _GNU_SOURCE
#include "terminal_guard.h"

#include <execinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;
static int saved_fd = -1;
static volatile sig_atomic_t termination_signal = 0;
static char alternate_stack[64 * 1024];

// Every signal whose default action would end the kiosk without giving the terminal back: it ends
// the loop cleanly instead (the kiosk logs which one). SIGPIPE is ignored: a print command that
// closes its input early gives an EPIPE error, not a dead kiosk.
static const int termination_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
                                           SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPWR };
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void write_all(int fd, const char *text) {
    size_t left = strlen(text);
    while (left > 0) {
        ssize_t n = write(fd, text, left);
        if (n <= 0) return;
        text += n;
        left -= (size_t)n;
    }
}

void fab_guard_restore(void) {
    if (saved_fd < 0) return;
    // Mouse off, attributes off, cursor visible, leave the alternate screen.
    write_all(saved_fd, "\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1049l\r\n");
    tcsetattr(saved_fd, TCSANOW, &saved_termios);
}

static void on_termination(int sig) {
    termination_signal = sig;
}

// Where the executable is loaded (a position-independent binary moves at each start): the report
// gives it so that `addr2line -e fabrique -f -C -i ADDRESS-BASE` names each frame (README).
extern char __executable_start;

static void write_hex(int fd, unsigned long value) {
    char text[2 + 16 + 1];
    int length = 0;
    char digits[16];
    do {
        digits[length++] = "0123456789abcdef"[value & 0xf];
        value >>= 4;
    } while (value != 0 && length < 16);
    text[0] = '0';
    text[1] = 'x';
    for (int i = 0; i < length; i++) text[2 + i] = digits[length - 1 - i];
    text[2 + length] = 0;
    write_all(fd, text);
}

static const char *signal_name(int sig) {
    switch (sig) {
    case SIGILL: return "SIGILL (a Swift run-time check failed: index out of range, force unwrap, overflow)";
    case SIGTRAP: return "SIGTRAP (a Swift run-time check failed)";
    case SIGSEGV: return "SIGSEGV (invalid memory access)";
    case SIGBUS: return "SIGBUS (invalid memory access)";
    case SIGFPE: return "SIGFPE (arithmetic error)";
    case SIGABRT: return "SIGABRT (abort)";
    default: return "unknown";
    }
}

static void on_fatal(int sig) {
    // The screen is given back first; the report goes to stderr, which is the log while the kiosk runs.
    fab_guard_restore();
    write_all(STDERR_FILENO, "fabrique: fatal signal ");
    write_all(STDERR_FILENO, signal_name(sig));
    write_all(STDERR_FILENO, "\nfabrique: executable loaded at ");
    write_hex(STDERR_FILENO, (unsigned long)&__executable_start);
    write_all(STDERR_FILENO, "; frames (subtract the load address, then addr2line -e fabrique -f -C -i):\n");
    void *frames[64];
    int depth = backtrace(frames, 64);
    for (int i = 0; i < depth; i++) {
        write_all(STDERR_FILENO, "  ");
        write_hex(STDERR_FILENO, (unsigned long)frames[i]);
        write_all(STDERR_FILENO, " = base + ");
        write_hex(STDERR_FILENO, (unsigned long)frames[i] - (unsigned long)&__executable_start);
        write_all(STDERR_FILENO, "\n");
    }
    backtrace_symbols_fd(frames, depth, STDERR_FILENO);
    signal(sig, SIG_DFL);
    raise(sig);
}

int fab_guard_install(int fd) {
    if (!isatty(fd) || tcgetattr(fd, &saved_termios) != 0) return -1;
    saved_fd = fd;
    termination_signal = 0;

    stack_t stack = { .ss_sp = alternate_stack, .ss_size = sizeof(alternate_stack), .ss_flags = 0 };
    sigaltstack(&stack, NULL);

    struct sigaction action;
    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a blocking read returns EINTR, so the main loop sees the flag at once.
    action.sa_handler = on_termination;
    for (size_t i = 0; i < COUNT(termination_signals); i++) sigaction(termination_signals[i], &action, NULL);

    signal(SIGPIPE, SIG_IGN);

    action.sa_handler = on_fatal;
    action.sa_flags = SA_ONSTACK | SA_RESETHAND;
    for (size_t i = 0; i < COUNT(fatal_signals); i++) sigaction(fatal_signals[i], &action, NULL);
    return 0;
}

int fab_guard_termination_signal(void) {
    return termination_signal;
}

void fab_guard_uninstall(void) {
    for (size_t i = 0; i < COUNT(termination_signals); i++) signal(termination_signals[i], SIG_DFL);
    for (size_t i = 0; i < COUNT(fatal_signals); i++) signal(fatal_signals[i], SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    saved_fd = -1;
}
