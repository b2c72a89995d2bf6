#pragma once
// Runs a check as a user without privileges, for the tests of folders the user may not read
// (tests/loaders, tests/app_settings): root reads every folder whatever its mode, so as root it
// runs in a child process switched to nobody (65534).
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <exception>
#include <functional>
#include <string>

namespace ifedit::testfiles {

// What `run` returns (or "threw: ..."), run without privileges.
inline std::string asUnprivileged(const std::function<std::string()>& run) {
  auto guarded = [&run] {
    try {
      return run();
    } catch (const std::exception& e) {
      return std::string("threw: ") + e.what();
    }
  };
  if (::geteuid() != 0) return guarded();
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const bool dropped = ::setgroups(0, nullptr) == 0 && ::setgid(65534) == 0 && ::setuid(65534) == 0;
    const std::string out = dropped ? guarded() : std::string("cannot switch to nobody");
    for (size_t done = 0; done < out.size();) {
      const ssize_t n = ::write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) break;
      done += size_t(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) out.append(buffer, size_t(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

}  // namespace ifedit::testfiles
