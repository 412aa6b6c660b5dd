// libFuzzer target: random bytes as a template (YAML, then JSON) through loading, SAM and
// Serverless expansion and every rule. Any crash, hang or sanitizer report is a bug: bad
// input must only ever produce diagnostics.
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/diagnostic.h"
#include "rules/rule.h"
#include "scan/scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  kl::scan::ScanOptions opts;
  // The first byte picks the reader, so both get fuzzed from one corpus.
  const char* name = (size > 0 && (data[0] & 1)) ? "fuzz/template.json" : "fuzz/template.yaml";
  kl::model::Diagnostics diags;
  auto model = kl::scan::load_model(name, text, opts, /*explicit_path=*/true, diags);
  if (model) kl::rules::run_rules(*model);
  return 0;
}
