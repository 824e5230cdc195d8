// libedit for Swift. The line-editing issue adds fixed-signature wrappers here
// for el_set/el_get/history, which are variadic and so cannot be called from Swift.
#ifndef TSH_CLIBEDIT_SHIM_H
#define TSH_CLIBEDIT_SHIM_H
#include <histedit.h>
#endif
