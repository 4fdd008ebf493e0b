#include "io/output_path.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <streambuf>
#include <utility>
#include <vector>

#include "domain/error.h"

namespace tiendo::io {
namespace {

// SQLite's own mode for a new database file; plain files get 0666, as std::ofstream gives them.
constexpr mode_t database_mode = 0644;
constexpr mode_t file_mode = 0666;

[[noreturn]] void refuse(std::string_view what, const std::string& path, std::string_view reason) {
  throw InvalidInput(fmt::format("{}: '{}': {}", what, path, reason));
}

bool is_uri(const std::string& path) {
  // SQLite reads "file:" case-sensitively; a user who wrote "FILE:" meant a URI just as well.
  if (path.size() >= 5 && std::equal(path.begin(), path.begin() + 5, "file:", [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      }))
    return true;
  // Any other "scheme://": a URL names no file on this machine.
  auto separator = path.find("://");
  if (separator == std::string::npos || separator == 0)
    return false;
  for (std::size_t i = 0; i < separator; ++i) {
    auto character = static_cast<unsigned char>(path[i]);
    if (!std::isalnum(character) && character != '+' && character != '-' && character != '.')
      return false;
  }
  return std::isalpha(static_cast<unsigned char>(path[0])) != 0;
}

std::string folder_of(const std::string& path) {
  std::string folder = std::filesystem::path(path).parent_path().string();
  return folder.empty() ? "." : folder;
}

// The folder a file goes into must be there already: a mistyped folder is the user's mistake to
// see, not a tree to make.
void check_folder(std::string_view what, const std::string& shown, const std::string& path) {
  std::string folder = folder_of(path);
  struct stat status {};
  if (::stat(folder.c_str(), &status) != 0) {
    int error = errno;
    if (error == ENOENT)
      refuse(what, shown, fmt::format("no such folder '{}'", folder));
    if (error == ENOTDIR)
      refuse(what, shown, fmt::format("'{}' is not a folder", folder));
    refuse(what, shown, fmt::format("folder '{}': {}", folder, std::strerror(error)));
  }
  if (!S_ISDIR(status.st_mode))
    refuse(what, shown, fmt::format("'{}' is not a folder", folder));
}

// Judges what is at a target already, seen without following a link; returns only when it may be
// replaced.
void check_existing(std::string_view what, const std::string& shown, const struct stat& status,
                    Overwrite overwrite) {
  if (S_ISLNK(status.st_mode))
    refuse(what, shown,
           "is a symbolic link; tiendo never writes through a link (give the real path)");
  if (S_ISDIR(status.st_mode))
    refuse(what, shown, "is a folder; give a file name");
  if (!S_ISREG(status.st_mode))
    refuse(what, shown, "is not a regular file");
  if (overwrite == Overwrite::Never)
    refuse(what, shown, "exists already; it must not exist (nothing is overwritten)");
  if (overwrite == Overwrite::Refuse)
    refuse(what, shown, "exists already; give --force to replace it");
  // A hard link is a link too: replacing its content would change the file of its other names.
  if (status.st_nlink > 1)
    refuse(what, shown, "has other hard links; tiendo never writes through a link");
}

void check_no_trailing_slash(std::string_view what, const std::string& path) {
  if (path.back() == '/')
    refuse(what, path, "names a folder; give a file name");
}

// Checks a file target in the folder `directory` (AT_FDCWD: `path` as given).
void check_file_at(std::string_view what, const std::string& shown, int directory,
                   const std::string& name, Overwrite overwrite) {
  struct stat status {};
  if (::fstatat(directory, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0) {
    check_existing(what, shown, status, overwrite);
    return;
  }
  int error = errno;
  if (error != ENOENT && error != ENOTDIR)
    refuse(what, shown, std::strerror(error));
  if (directory == AT_FDCWD)
    check_folder(what, shown, name);
}

// Opens a file for writing without following a link at its final component; on failure, says why
// in the user's terms. `created` tells whether the file is new, so a failed write can remove it.
int open_at(std::string_view what, const std::string& shown, int directory, const std::string& name,
            Overwrite overwrite, mode_t mode, bool& created) {
  // O_NONBLOCK: a FIFO put at the name between the check and the open fails instead of hanging.
  const int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
  int descriptor = ::openat(directory, name.c_str(), flags | O_EXCL, mode);
  created = descriptor >= 0;
  // An existing file is opened without O_TRUNC and emptied only once the open file is known to be
  // one that may be replaced, so nothing swapped in after the check is truncated.
  if (descriptor < 0 && errno == EEXIST && overwrite == Overwrite::Replace)
    descriptor = ::openat(directory, name.c_str(), flags, mode);
  if (descriptor < 0) {
    int error = errno;
    check_file_at(what, shown, directory, name, overwrite);
    refuse(what, shown, fmt::format("cannot write: {}", std::strerror(error)));
  }
  struct stat status {};
  if (::fstat(descriptor, &status) != 0) {
    int error = errno;
    ::close(descriptor);
    refuse(what, shown, std::strerror(error));
  }
  if (!created) {
    try {
      check_existing(what, shown, status, overwrite);
    } catch (...) {
      ::close(descriptor);
      throw;
    }
    if (::ftruncate(descriptor, 0) != 0) {
      int error = errno;
      ::close(descriptor);
      refuse(what, shown, fmt::format("cannot write: {}", std::strerror(error)));
    }
  }
  return descriptor;
}

// An ostream's buffer over a file descriptor: the writers of CSV and HTML write to an ostream, and
// std::ofstream cannot open with O_NOFOLLOW or O_EXCL.
class DescriptorBuffer : public std::streambuf {
 public:
  explicit DescriptorBuffer(int descriptor) : m_descriptor(descriptor), m_buffer(1 << 16) {
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
  }
  int error() const { return m_error; }

 protected:
  int_type overflow(int_type character) override {
    if (!drain())
      return traits_type::eof();
    if (!traits_type::eq_int_type(character, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(character);
      pbump(1);
    }
    return traits_type::not_eof(character);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* data = pbase();
    auto size = static_cast<std::size_t>(pptr() - pbase());
    while (size > 0 && m_error == 0) {
      ssize_t written = ::write(m_descriptor, data, size);
      if (written < 0) {
        if (errno != EINTR)
          m_error = errno;
        continue;
      }
      data += written;
      size -= static_cast<std::size_t>(written);
    }
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    return m_error == 0;
  }

  int m_descriptor;
  std::vector<char> m_buffer;
  int m_error = 0;
};

}  // namespace

void check_file_name(std::string_view what, const std::string& path) {
  if (path.empty())
    refuse(what, path, "no file name given");
  if (path == ":memory:")
    refuse(what, path,
           "SQLite's in-memory database, gone when tiendo exits; give a file name "
           "(./:memory: for a file so named)");
  if (is_uri(path))
    refuse(what, path, "a URI, not a file name; give the file's path");
}

void check_file_target(std::string_view what, const std::string& path, Overwrite overwrite) {
  check_file_name(what, path);
  check_no_trailing_slash(what, path);
  check_file_at(what, path, AT_FDCWD, path, overwrite);
}

void create_empty_file(std::string_view what, const std::string& path) {
  check_file_target(what, path, Overwrite::Never);
  bool created = false;
  ::close(open_at(what, path, AT_FDCWD, path, Overwrite::Never, database_mode, created));
}

DatabaseFile prepare_database_file(std::string_view what, const std::string& path) {
  check_file_name(what, path);
  check_no_trailing_slash(what, path);
  struct stat status {};
  if (::lstat(path.c_str(), &status) == 0) {
    if (S_ISLNK(status.st_mode)) {
      struct stat target {};
      if (::stat(path.c_str(), &target) == 0 && S_ISREG(target.st_mode))
        return DatabaseFile::Existing;
      refuse(what, path,
             "is a symbolic link to no existing file; tiendo never creates a file through a link");
    }
    if (S_ISREG(status.st_mode))
      return DatabaseFile::Existing;
  }
  create_empty_file(what, path);
  return DatabaseFile::Created;
}

struct OutputFile::State {
  State(std::string_view what, std::string path, int descriptor, bool created)
      : what(what),
        path(std::move(path)),
        descriptor(descriptor),
        created(created),
        buffer(descriptor),
        stream(&buffer) {}
  std::string what;
  std::string path;
  int descriptor;
  bool created;
  DescriptorBuffer buffer;
  std::ostream stream;
};

OutputFile::OutputFile(std::unique_ptr<State> state) : m_state(std::move(state)) {}
OutputFile::OutputFile(OutputFile&&) noexcept = default;
OutputFile& OutputFile::operator=(OutputFile&&) noexcept = default;

OutputFile::~OutputFile() {
  // Not closed: the writer failed part way, and a half-written new file would look complete.
  if (m_state && m_state->descriptor >= 0) {
    ::close(m_state->descriptor);
    if (m_state->created)
      ::unlink(m_state->path.c_str());
  }
}

OutputFile OutputFile::open(std::string_view what, const std::string& path, Overwrite overwrite) {
  check_file_target(what, path, overwrite);
  bool created = false;
  int descriptor = open_at(what, path, AT_FDCWD, path, overwrite, file_mode, created);
  return OutputFile(std::make_unique<State>(what, path, descriptor, created));
}

std::ostream& OutputFile::stream() {
  return m_state->stream;
}

const std::string& OutputFile::path() const {
  return m_state->path;
}

void OutputFile::close() {
  m_state->stream.flush();
  int error = m_state->buffer.error();
  if (::close(m_state->descriptor) != 0 && error == 0)
    error = errno;
  m_state->descriptor = -1;
  if (error != 0) {
    if (m_state->created)
      ::unlink(m_state->path.c_str());
    refuse(m_state->what, m_state->path, fmt::format("cannot write: {}", std::strerror(error)));
  }
}

OutputDirectory::OutputDirectory(std::string what, std::string path, int descriptor)
    : m_what(std::move(what)), m_path(std::move(path)), m_descriptor(descriptor) {}

OutputDirectory::OutputDirectory(OutputDirectory&& other) noexcept
    : m_what(std::move(other.m_what)),
      m_path(std::move(other.m_path)),
      m_descriptor(std::exchange(other.m_descriptor, -1)) {}

OutputDirectory& OutputDirectory::operator=(OutputDirectory&& other) noexcept {
  if (this != &other) {
    if (m_descriptor >= 0)
      ::close(m_descriptor);
    m_what = std::move(other.m_what);
    m_path = std::move(other.m_path);
    m_descriptor = std::exchange(other.m_descriptor, -1);
  }
  return *this;
}

OutputDirectory::~OutputDirectory() {
  if (m_descriptor >= 0)
    ::close(m_descriptor);
}

OutputDirectory OutputDirectory::open(std::string_view what, const std::string& path) {
  check_file_name(what, path);
  // "out/" names the folder "out"; a trailing slash would make lstat follow a link named out.
  std::string folder = path;
  while (folder.size() > 1 && folder.back() == '/')
    folder.pop_back();
  struct stat status {};
  if (::lstat(folder.c_str(), &status) == 0) {
    if (S_ISLNK(status.st_mode))
      refuse(what, path,
             "is a symbolic link; tiendo never writes through a link (give the real path)");
    if (!S_ISDIR(status.st_mode))
      refuse(what, path, "is a file, not a folder");
  } else {
    int error = errno;
    if (error != ENOENT && error != ENOTDIR)
      refuse(what, path, std::strerror(error));
    check_folder(what, path, folder);
    if (::mkdir(folder.c_str(), 0777) != 0 && errno != EEXIST)
      refuse(what, path, fmt::format("cannot create the folder: {}", std::strerror(errno)));
  }
  int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (descriptor < 0) {
    int error = errno;
    if (error == ELOOP)
      refuse(what, path,
             "is a symbolic link; tiendo never writes through a link (give the real path)");
    if (error == ENOTDIR)
      refuse(what, path, "is a file, not a folder");
    refuse(what, path, std::strerror(error));
  }
  return OutputDirectory(std::string(what), path, descriptor);
}

std::string OutputDirectory::file_path(const std::string& name) const {
  return (std::filesystem::path(m_path) / name).string();
}

void OutputDirectory::check_file(const std::string& name, Overwrite overwrite) const {
  check_file_at(m_what, file_path(name), m_descriptor, name, overwrite);
}

OutputFile OutputDirectory::create_file(const std::string& name, Overwrite overwrite) const {
  check_file(name, overwrite);
  std::string shown = file_path(name);
  bool created = false;
  int descriptor = open_at(m_what, shown, m_descriptor, name, overwrite, file_mode, created);
  return OutputFile(std::make_unique<OutputFile::State>(m_what, shown, descriptor, created));
}

}  // namespace tiendo::io
