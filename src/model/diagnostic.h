#pragma once
// A problem with the input itself (not a security finding): unreadable, malformed, skipped.
#include <string>
#include <vector>

#include "model/location.h"

namespace kl::model {

enum class DiagLevel { Error, Warning, Note };

struct Diagnostic {
  DiagLevel level = DiagLevel::Error;
  Location loc;
  std::string message;  ///< lowercase, no final period, names quoted

  /// "path:line:col: error: message"
  std::string str() const;
};

/// Diagnostics gathered while loading one input; loaders append, never throw.
using Diagnostics = std::vector<Diagnostic>;

inline void add_error(Diagnostics& d, Location loc, std::string msg) {
  d.push_back({DiagLevel::Error, loc, std::move(msg)});
}
inline void add_warning(Diagnostics& d, Location loc, std::string msg) {
  d.push_back({DiagLevel::Warning, loc, std::move(msg)});
}
inline void add_note(Diagnostics& d, Location loc, std::string msg) {
  d.push_back({DiagLevel::Note, loc, std::move(msg)});
}

}  // namespace kl::model
