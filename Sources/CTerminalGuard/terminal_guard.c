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

static const int termination_signals[] = { SIGINT, SIGTERM, SIGHUP };
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

static void on_fatal(int sig) {
    fab_guard_restore();
    write_all(STDERR_FILENO, "fabrique: fatal signal ");
    char digits[4] = { (char)('0' + (sig / 10) % 10), (char)('0' + sig % 10), '\n', 0 };
    write_all(STDERR_FILENO, digits);
    void *frames[64];
    int depth = backtrace(frames, 64);
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
    saved_fd = -1;
}
