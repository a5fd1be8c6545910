#ifndef FABRIQUE_CNCURSESW_SHIM_H
#define FABRIQUE_CNCURSESW_SHIM_H

// Wide-character API (get_wch, cchar_t) is only declared with these set before curses.h.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>

// Swift 6 rejects C globals as shared mutable state and cannot import function-like macros,
// so each one the backend needs is wrapped here.

static inline WINDOW *fab_stdscr(void) { return stdscr; }
/// Whether the terminal can move the cursor to a cell (`cup`): without it (TERM=dumb) no screen can be drawn.
static inline int fab_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
static inline FILE *fab_stdin(void) { return stdin; }
static inline FILE *fab_stdout(void) { return stdout; }
static inline int fab_lines(void) { return LINES; }
static inline int fab_cols(void) { return COLS; }
static inline int fab_colors(void) { return COLORS; }

static inline attr_t fab_wa_normal(void) { return WA_NORMAL; }
static inline attr_t fab_wa_bold(void) { return WA_BOLD; }
static inline attr_t fab_wa_reverse(void) { return WA_REVERSE; }
static inline attr_t fab_wa_underline(void) { return WA_UNDERLINE; }
static inline attr_t fab_wa_dim(void) { return WA_DIM; }

static inline int fab_key_resize(void) { return KEY_RESIZE; }
static inline int fab_key_code_yes(void) { return KEY_CODE_YES; }
static inline int fab_key_f(int n) { return KEY_F(n); }
static inline int fab_key_mouse(void) { return KEY_MOUSE; }
static inline mmask_t fab_button1_clicks(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
static inline int fab_is_button1_click(mmask_t state) { return (state & (BUTTON1_CLICKED | BUTTON1_PRESSED)) != 0; }

/// What terminfo says of `term` without starting a screen: -1 unknown, 0 known but cannot place the
/// cursor, 1 usable; `colors` gets its number of colours.
static inline int fab_probe_terminal(const char *term, int *colors) {
    int error = 0;
    *colors = 0;
    if (term == NULL || term[0] == '\0' || setupterm(term, -1, &error) != OK) return -1;
    int usable = fab_can_address_cursor();
    int count = tigetnum("colors");
    *colors = count > 0 ? count : 0;
    // The entry read stays loaded: this is for a one-shot check (`fabrique doctor`), not the kiosk.
    return usable ? 1 : 0;
}

/// The name of the current LC_CTYPE's character set.
static inline const char *fab_codeset(void) { return nl_langinfo(CODESET); }

/// True when the current LC_CTYPE encodes text as UTF-8.
static inline int fab_codeset_is_utf8(void) {
    const char *cs = fab_codeset();
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

#endif
