#include "store/file_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "domain/error.h"

namespace tiendo::store {
namespace {

// How long a command waits for a demo, init or restore holding the file to finish.
constexpr auto shared_wait = std::chrono::seconds(5);

}  // namespace

struct FileLock::Held {
  Held(int descriptor, FileUse use) : descriptor(descriptor), use(use) {}
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;
  // Closing the descriptor releases the lock.
  ~Held() { ::close(descriptor); }
  int descriptor;
  FileUse use;
};

namespace {

// The locks this process holds, by the lock file's device and inode: an flock belongs to an open
// file description, so a second descriptor of the same file in the same process would conflict
// with the first (a demo holding it exclusively could not open its own database).
std::mutex registry_mutex;
std::map<std::pair<dev_t, ino_t>, std::weak_ptr<FileLock::Held>> registry;

}  // namespace

std::string lock_file_path(const std::string& path) {
  std::error_code error;
  auto real = std::filesystem::weakly_canonical(path, error);
  return (error ? path : real.string()) + ".tiendo-lock";
}

FileLock FileLock::take(const std::string& path, const std::string& shown, FileUse use) {
  std::string lock_path = lock_file_path(path);
  // Never through a link: one planted at the lock's name would make tiendo create or lock a file
  // elsewhere. A reader without write permission still locks a lock file that exists.
  int descriptor =
      ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
  if (descriptor < 0 && (errno == EACCES || errno == EROFS))
    descriptor = ::open(lock_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (descriptor < 0) {
    if (errno == ELOOP)
      throw InvalidInput(fmt::format(
          "{}: is a symbolic link; tiendo never follows a link to the lock file of {} (remove it)",
          lock_path, shown));
    throw Error(fmt::format("{}: cannot make the lock file of {}: {}", lock_path, shown,
                            std::strerror(errno)));
  }
  struct stat status {};
  if (::fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(descriptor);
    throw InvalidInput(
        fmt::format("{}: the lock file of {} is not a regular file (remove it)", lock_path, shown));
  }
  std::lock_guard lock(registry_mutex);
  for (auto it = registry.begin(); it != registry.end();)
    it = it->second.expired() ? registry.erase(it) : std::next(it);
  auto key = std::make_pair(status.st_dev, status.st_ino);
  if (auto existing = registry[key].lock()) {
    ::close(descriptor);
    if (use == FileUse::Exclusive && existing->use != FileUse::Exclusive)
      throw Conflict(
          fmt::format("{}: in use by tiendo (a server or another command); stop it first", shown));
    return FileLock(std::move(existing));
  }
  auto held = std::make_shared<Held>(descriptor, use);
  int operation = (use == FileUse::Exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
  auto deadline = std::chrono::steady_clock::now() + shared_wait;
  while (::flock(descriptor, operation) != 0) {
    if (errno == EINTR)
      continue;
    if (errno != EWOULDBLOCK)
      throw Error(fmt::format("{}: cannot lock the lock file of {}: {}", lock_path, shown,
                              std::strerror(errno)));
    if (use == FileUse::Exclusive)
      throw Conflict(fmt::format(
          "{}: in use by another tiendo process (a server or a command); stop it first", shown));
    if (std::chrono::steady_clock::now() >= deadline)
      throw Conflict(fmt::format(
          "{}: being replaced by another tiendo process (demo, init or restore); try again when "
          "it has finished",
          shown));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  registry[key] = held;
  return FileLock(std::move(held));
}

}  // namespace tiendo::store
