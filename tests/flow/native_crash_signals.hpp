#pragma once
// For the crash tests (tests/flow, tests/service).

#include <cstdlib>
#include <string>

// Under AddressSanitizer a crash in a child process is caught by ASan's own SEGV and
// abort handlers, which report it and exit with status 1. What these tests check is the
// host's handling of a child killed by its signal, as in a normal build, so the children
// (which inherit the environment) leave those signals to the kernel and to skarv's own
// crash handler.
inline void let_children_die_by_their_signal() {
#if defined(__SANITIZE_ADDRESS__)
    const char* was = std::getenv("ASAN_OPTIONS");
    std::string options = was ? was : "";
    if (!options.empty()) options += ":";
    options += "handle_segv=0:handle_abort=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0";
    ::setenv("ASAN_OPTIONS", options.c_str(), 1);
#endif
}
