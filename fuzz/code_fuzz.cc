// libFuzzer target: random bytes as Python, JavaScript, TypeScript or TSX source through
// parsing, handler discovery and the taint analysis (with and without a template naming
// the handler). Any crash, hang or sanitizer report is a bug: bad source must only ever
// produce notes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "code/analyze.h"
#include "code/handlers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the language, so one corpus feeds every grammar.
  static const char* kNames[] = {"fuzz/app.py", "fuzz/index.js", "fuzz/index.ts", "fuzz/view.tsx"};
  const std::string path = kNames[data[0] & 3];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<kl::rules::Finding> findings;
  kl::model::Diagnostics diags;
  kl::code::analyze_code(path, text, nullptr, findings, diags);
  std::vector<kl::code::HandlerDecl> decls = {
      {"Fn", "AWS::Lambda::Function", kl::code::module_key(path), "handler", "app.handler"},
      {"Fn2", "AWS::Lambda::Function", kl::code::module_key(path), "lambda_handler", "app.lambda_handler"}};
  kl::code::analyze_code(path, text, &decls, findings, diags);
  return 0;
}
