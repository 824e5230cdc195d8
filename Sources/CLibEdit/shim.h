// libedit for Swift. el_set, el_get and history are variadic C functions, which Swift
// cannot call; each wrapper below fixes one call's signature (prefix tsh_).
#ifndef TSH_CLIBEDIT_SHIM_H
#define TSH_CLIBEDIT_SHIM_H
#include <stdio.h>
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
#endif
