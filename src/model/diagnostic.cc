#include "model/diagnostic.h"

namespace kl::model {

std::string Diagnostic::str() const {
  const char* level_name = level == DiagLevel::Error ? "error"
                           : level == DiagLevel::Warning ? "warning"
                                                         : "note";
  std::string where = loc.str();
  if (where.empty()) where = "kumolens";
  return where + ": " + level_name + ": " + message;
}

}  // namespace kl::model
