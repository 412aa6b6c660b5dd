#pragma once
// Where a value came from: a file (interned once per process) and a 1-based line and column.
#include <cstdint>
#include <string>
#include <string_view>

namespace kl::model {

/// Interned file path. Id 0 means "no file" (a value made up by the scanner).
using FileId = uint32_t;

/// Interns file paths so every node can carry its file in 4 bytes. Thread-safe.
FileId intern_file(std::string_view path);
/// The path for an id; "" for 0. The returned reference stays valid for the process.
const std::string& file_path(FileId id);

struct Location {
  FileId file = 0;
  uint32_t line = 0;    ///< 1-based; 0 = unknown
  uint32_t column = 0;  ///< 1-based; 0 = unknown

  bool known() const { return line != 0; }
  std::string str() const;  ///< "path:line:col", or as much as is known
};

}  // namespace kl::model
