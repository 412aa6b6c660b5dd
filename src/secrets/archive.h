#pragma once
// Reading Lambda packages and layers (.zip, .jar) for the secrets pass, with libarchive.
// Entries are handed over as text, named `package.zip!/src/app.py` (nested:
// `layer.zip!/python/lib.zip!/x.py`). Never trusts the archive: limits on depth, entries,
// bytes and compression ratio (zip bombs); entries whose names escape the archive
// (`../../x`, `/etc/x`), symbolic links and encrypted entries are skipped with a note.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "model/diagnostic.h"

namespace kl::secrets {

struct ArchiveLimits {
  int max_depth = 3;                          ///< archives inside archives: 3 levels
  size_t max_entries = 50000;                 ///< per archive, nested ones included
  uint64_t max_total_bytes = 1ULL << 30;      ///< uncompressed bytes read per top archive
  size_t max_entry_bytes = 10 * 1024 * 1024;  ///< a larger entry is skipped (like files)
  /// Uncompressed bytes per compressed byte of an archive, past its first 16 MiB: more
  /// than any source, less than any zip bomb.
  double max_ratio = 100;
};

/// Receives each text entry: its display name and contents.
using EntryFn = std::function<void(const std::string& name, std::string_view text)>;

/// Is this a package we open (.zip, .jar, by name)?
bool is_archive_name(std::string_view path);

/// Reads the archive file at `path`; problems become notes and warnings in `diags`
/// (never errors: an odd package does not fail the scan).
void scan_archive_file(const std::string& path, const ArchiveLimits& limits, const EntryFn& fn,
                       model::Diagnostics& diags);

/// The same over bytes in memory, named `name` (tests and fuzzing).
void scan_archive_bytes(const std::string& name, std::string_view bytes,
                        const ArchiveLimits& limits, const EntryFn& fn, model::Diagnostics& diags);

}  // namespace kl::secrets
