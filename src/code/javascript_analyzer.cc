#include "code/analyzers.h"

namespace kl::code {
namespace {
class JsStub : public LanguageAnalyzer {
 public:
  std::vector<EntryPoint> handler_shaped() override { return {}; }
  std::optional<EntryPoint> find_handler(const std::string&) override { return std::nullopt; }
  void analyze(const EntryPoint&) override {}
};
}  // namespace
std::unique_ptr<LanguageAnalyzer> make_javascript_analyzer(const SyntaxTree&, model::FileId, Findings&) {
  return std::make_unique<JsStub>();
}
}  // namespace kl::code
