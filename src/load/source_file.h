#pragma once
// Reading one input file under limits: size cap, binary detection, unreadable paths.
#include <optional>
#include <string>

#include "model/diagnostic.h"

namespace kl::load {

struct ReadLimits {
  size_t max_bytes = 10 * 1024 * 1024;  ///< --max-file-size; larger files are skipped
};

/// The file's bytes, or nullopt with one clear diagnostic (too large, binary, unreadable).
std::optional<std::string> read_source(const std::string& path, const ReadLimits& limits,
                                       model::Diagnostics& diags);

/// Does `text` look binary (a NUL byte in its first 8 KiB)?
bool looks_binary(std::string_view text);

/// Is the file JSON rather than YAML: by its extension, else by its first character.
bool is_json_text(const std::string& path, std::string_view text);

}  // namespace kl::load
