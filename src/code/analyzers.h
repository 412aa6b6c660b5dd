#pragma once
// One analyzer per language family: finds the handlers of a parsed file and follows the
// event from each handler's first parameter through the module's code to the sinks.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "code/interp.h"
#include "code/syntax.h"

namespace kl::code {

class LanguageAnalyzer {
 public:
  virtual ~LanguageAnalyzer() = default;
  /// Functions shaped like Lambda handlers (used when no template names the handler).
  virtual std::vector<EntryPoint> handler_shaped() = 0;
  /// The function a template's Handler names (`lambda_handler`, `handler`), if present.
  virtual std::optional<EntryPoint> find_handler(const std::string& name) = 0;
  /// Follows the first parameter of `ep` (the event) to the sinks.
  virtual void analyze(const EntryPoint& ep) = 0;
};

std::unique_ptr<LanguageAnalyzer> make_python_analyzer(const SyntaxTree& tree, model::FileId file,
                                                       Findings& out);
std::unique_ptr<LanguageAnalyzer> make_javascript_analyzer(const SyntaxTree& tree, model::FileId file,
                                                           Findings& out);

}  // namespace kl::code
