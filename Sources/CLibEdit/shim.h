// libedit for Swift. el_set, el_get and history are variadic C functions, which Swift
// cannot call; each wrapper below fixes one call's signature (prefix tsh_).
#ifndef TSH_CLIBEDIT_SHIM_H
#define TSH_CLIBEDIT_SHIM_H
#include <stdio.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <wchar.h>
#include <histedit.h>

typedef char *(*tsh_prompt_fn)(EditLine *);
typedef unsigned char (*tsh_command_fn)(EditLine *, int);

/// el_set(e, EL_PROMPT_ESC, f, '\1'): the prompt, with \1-delimited invisible (colour) runs.
static inline int tsh_el_set_prompt(EditLine *e, tsh_prompt_fn f) { return el_set(e, EL_PROMPT_ESC, f, '\1'); }
/// el_set(e, EL_EDITOR, "emacs" | "vi").
static inline int tsh_el_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }
/// el_set(e, EL_HIST, history, h).
static inline int tsh_el_set_history(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }
/// el_set(e, EL_SIGNAL, on): libedit restores the terminal around signals and handles SIGWINCH.
static inline int tsh_el_set_signal(EditLine *e, int on) { return el_set(e, EL_SIGNAL, on); }
/// el_set(e, EL_ADDFN, name, help, f): a named editor command implemented in Swift.
static inline int tsh_el_add_function(EditLine *e, const char *name, const char *help, tsh_command_fn f) {
    return el_set(e, EL_ADDFN, name, help, f);
}
/// el_set(e, EL_BIND, key, command, NULL).
static inline int tsh_el_bind(EditLine *e, const char *key, const char *command) { return el_set(e, EL_BIND, key, command, NULL); }
/// history(h, &ev, H_SETSIZE, n).
static inline int tsh_history_set_size(History *h, HistEvent *ev, int n) { return history(h, ev, H_SETSIZE, n); }
/// history(h, &ev, H_SETUNIQUE, on): no two equal entries in a row.
static inline int tsh_history_set_unique(History *h, HistEvent *ev, int on) { return history(h, ev, H_SETUNIQUE, on); }
/// history(h, &ev, H_ENTER, line).
static inline int tsh_history_enter(History *h, HistEvent *ev, const char *line) { return history(h, ev, H_ENTER, line); }
/// history(h, &ev, H_END): back to the newest entry.
static inline int tsh_history_end(History *h, HistEvent *ev) { return history(h, ev, H_LAST); }
/// The character reader libedit calls (EL_GETCFN): stdin's bytes decoded from UTF-8, read
/// only when poll says one is there, with the client data (a sig_atomic_t set by the
/// SIGINT handler) looked at between waits. libedit's own reader blocks in read(), so a
/// Ctrl-C arriving while it was busy echoing (before it blocked again) went unnoticed
/// until the next key; this one returns -1 (EINTR) within 50 ms.
static inline int tsh_el_read_char(EditLine *e, wchar_t *wc) {
    volatile sig_atomic_t *interrupted = NULL;
    el_get(e, EL_CLIENTDATA, &interrupted);
    unsigned char bytes[4];
    int have = 0, need = 0;
    for (;;) {
        if (interrupted && *interrupted) { errno = EINTR; return -1; }
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        int ready = poll(&p, 1, 50);
        if (ready < 0) { if (errno == EINTR) continue; return -1; }
        if (ready == 0) continue;
        unsigned char c;
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n < 0) { if (errno == EINTR || errno == EAGAIN) continue; return -1; }
        if (n == 0) return 0;
        if (have == 0) {
            need = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
            if (need == 0) { *wc = (wchar_t)c; return 1; }
            bytes[have++] = c;
            continue;
        }
        if ((c & 0xC0) != 0x80) { *wc = (wchar_t)c; return 1; }  /* a broken sequence: take the byte */
        bytes[have++] = c;
        if (have == need + 1) {
            wchar_t v = bytes[0] & (0x3F >> need);
            for (int k = 1; k < have; k++) v = (v << 6) | (bytes[k] & 0x3F);
            *wc = v;
            return 1;
        }
    }
}

/// Installs tsh_el_read_char with the flag it watches.
static inline int tsh_el_use_interruptible_reader(EditLine *e, volatile sig_atomic_t *interrupted) {
    el_set(e, EL_CLIENTDATA, (void *)interrupted);
    return el_set(e, EL_GETCFN, tsh_el_read_char);
}

#endif
