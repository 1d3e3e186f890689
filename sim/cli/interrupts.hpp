// SIGINT and SIGTERM (Ctrl-C; Slurm stops jobs with SIGTERM) for the commands that do their
// work in child processes: the parent only records the signal, stops its children and
// cleans up, so an interruption at any moment leaves the previous outputs intact and no
// temporary files, and exits 128 + the signal's number.
#pragma once

#include <sys/types.h>

namespace cmsim {

// Installs the recording handlers (without SA_RESTART, so a blocking wait returns EINTR).
void catch_interrupts();
// The signal received since catch_interrupts(), or 0.
int interruption();
// "SIGINT" / "SIGTERM".
const char* interruption_name(int signal);

// Waits for `pid`; when a signal arrives first, kills the child's process group with SIGKILL,
// reaps it and returns -1. Otherwise the raw wait status.
int wait_child_unless_interrupted(pid_t pid);

// In a child: its own process group, so a terminal's Ctrl-C reaches only the parent, which
// decides; default signal dispositions.
void detach_from_terminal_signals();

}  // namespace cmsim
