#include "secrets/archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>

#include "load/source_file.h"

namespace kl::secrets {
namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != suffix[i]) return false;
  }
  return true;
}

/// Does an entry name leave the archive's root when extracted?
bool escapes(std::string_view name) {
  if (name.empty() || name[0] == '/' || name[0] == '\\') return true;
  if (name.size() > 1 && name[1] == ':') return true;  // C:\...
  size_t i = 0;
  while (i <= name.size()) {
    size_t j = name.find_first_of("/\\", i);
    if (j == std::string_view::npos) j = name.size();
    if (name.substr(i, j - i) == "..") return true;
    i = j + 1;
  }
  return false;
}

struct Budget {
  size_t entries = 0;
  uint64_t total = 0;
  bool stopped = false;
};

class Reader {
 public:
  Reader(const ArchiveLimits& l, const EntryFn& fn, model::Diagnostics& diags)
      : limits_(l), fn_(fn), diags_(diags) {}

  void read(const std::string& name, std::string_view bytes, int depth) {
    if (budget_.stopped) return;
    model::FileId file = model::intern_file(name);
    std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(a.get());
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
      model::add_warning(diags_, {file, 0, 0},
                         std::string("cannot read archive: ") + err(a.get()) + "; skipped");
      return;
    }
    uint64_t archive_out = 0;  // uncompressed bytes this archive produced
    archive_entry* e = nullptr;
    for (;;) {
      int r = archive_read_next_header(a.get(), &e);
      if (r == ARCHIVE_EOF) break;
      if (r == ARCHIVE_FATAL) {
        model::add_warning(diags_, {file, 0, 0}, std::string("cannot read archive: ") + err(a.get()) +
                                                     "; the rest of it is skipped");
        break;
      }
      if (r == ARCHIVE_RETRY) continue;
      const char* raw = archive_entry_pathname(e);
      std::string entry = raw ? raw : "";
      std::string shown = name + "!/" + entry;
      if (++budget_.entries > limits_.max_entries) {
        stop(file, "more than " + std::to_string(limits_.max_entries) + " entries");
        return;
      }
      if (escapes(entry)) {
        model::add_note(diags_, {file, 0, 0}, "entry '" + entry + "' escapes the archive; skipped");
        continue;
      }
      mode_t type = archive_entry_filetype(e);
      if (type == AE_IFLNK) {
        model::add_note(diags_, {file, 0, 0}, "entry '" + entry + "' is a symbolic link; skipped");
        continue;
      }
      if (type != AE_IFREG) continue;
      if (archive_entry_is_encrypted(e)) {
        model::add_note(diags_, {file, 0, 0}, "entry '" + entry + "' is encrypted; skipped");
        continue;
      }
      const bool nested = is_archive_name(entry);
      const size_t cap = nested ? static_cast<size_t>(std::min<uint64_t>(limits_.max_total_bytes, 256u << 20))
                                : limits_.max_entry_bytes;
      if (archive_entry_size_is_set(e) && static_cast<uint64_t>(archive_entry_size(e)) > cap) {
        model::add_note(diags_, {file, 0, 0}, "entry '" + entry + "' is larger than " +
                                                  std::to_string(cap) + " bytes; skipped");
        continue;
      }
      std::string data;
      bool too_big = false, failed = false;
      char buf[64 * 1024];
      for (;;) {
        la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) {
          failed = true;
          break;
        }
        data.append(buf, static_cast<size_t>(n));
        budget_.total += static_cast<uint64_t>(n);
        archive_out += static_cast<uint64_t>(n);
        if (budget_.total > limits_.max_total_bytes) {
          stop(file, "more than " + std::to_string(limits_.max_total_bytes) + " uncompressed bytes");
          return;
        }
        // Zip bombs: far more output than a real package gives for its size.
        if (archive_out > (16u << 20) &&
            static_cast<double>(archive_out) > limits_.max_ratio * static_cast<double>(bytes.size())) {
          stop(file, "a compression ratio above " + std::to_string(static_cast<int>(limits_.max_ratio)) +
                         " (a zip bomb?)");
          return;
        }
        if (data.size() > cap) {
          too_big = true;
          break;
        }
      }
      if (failed) {
        const char* why = err(a.get());
        model::add_note(diags_, {file, 0, 0}, "entry '" + entry + "' cannot be read (" + why + "); skipped");
        continue;
      }
      if (too_big) {
        model::add_note(diags_, {file, 0, 0}, "entry '" + entry + "' is larger than " +
                                                  std::to_string(cap) + " bytes; skipped");
        continue;
      }
      if (nested) {
        if (depth + 1 >= limits_.max_depth) {
          model::add_note(diags_, {file, 0, 0}, "entry '" + entry + "' is an archive nested deeper than " +
                                                    std::to_string(limits_.max_depth) + " levels; skipped");
          continue;
        }
        read(shown, data, depth + 1);
        if (budget_.stopped) return;
        continue;
      }
      if (load::looks_binary(data)) continue;
      fn_(shown, data);
    }
  }

 private:
  static const char* err(archive* a) {
    const char* s = archive_error_string(a);
    return s ? s : "unknown error";
  }

  void stop(model::FileId file, const std::string& why) {
    budget_.stopped = true;
    model::add_warning(diags_, {file, 0, 0}, "archive has " + why + "; the rest of it is skipped");
  }

  const ArchiveLimits& limits_;
  const EntryFn& fn_;
  model::Diagnostics& diags_;
  Budget budget_;
};

}  // namespace

bool is_archive_name(std::string_view path) {
  return ends_with_ci(path, ".zip") || ends_with_ci(path, ".jar");
}

void scan_archive_bytes(const std::string& name, std::string_view bytes,
                        const ArchiveLimits& limits, const EntryFn& fn, model::Diagnostics& diags) {
  Reader r(limits, fn, diags);
  r.read(name, bytes, 0);
}

void scan_archive_file(const std::string& path, const ArchiveLimits& limits, const EntryFn& fn,
                       model::Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    model::add_warning(diags, {model::intern_file(path), 0, 0}, "cannot read archive; skipped");
    return;
  }
  // Packages are read whole: Lambda caps them at 250 MB unzipped, far less zipped.
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0);
  if (size < 0 || static_cast<uint64_t>(size) > limits.max_total_bytes) {
    model::add_note(diags, {model::intern_file(path), 0, 0}, "archive larger than the limit; skipped");
    return;
  }
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), size);
  scan_archive_bytes(path, bytes, limits, fn, diags);
}

}  // namespace kl::secrets
