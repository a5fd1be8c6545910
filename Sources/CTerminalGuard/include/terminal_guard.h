#ifndef FABRIQUE_TERMINAL_GUARD_H
#define FABRIQUE_TERMINAL_GUARD_H

/// Saves the terminal state of `fd` and installs the signal handlers: SIGINT, SIGTERM, SIGHUP and every
/// other signal that would end the process (SIGQUIT, SIGUSR1/2, SIGALRM…) only raise a flag; SIGPIPE is
/// ignored (read with `fab_guard_termination_signal`); fatal signals restore the terminal,
/// write a short report to stderr and re-raise. Returns 0 on success, -1 when `fd` is not a terminal.
int fab_guard_install(int fd);

/// Writes the sequences that leave the alternate screen, show the cursor and stop mouse reports,
/// and puts back the terminal modes saved by `fab_guard_install`. Safe to call more than once.
void fab_guard_restore(void);

/// The termination signal received since `fab_guard_install`, or 0.
int fab_guard_termination_signal(void);

/// Removes the handlers installed by `fab_guard_install` (used after a clean shutdown).
void fab_guard_uninstall(void);

#endif
