#pragma once
// Expectations written in fixtures, as clang's -verify:
//   `# expect: KL-X-001`            this line must be reported by KL-X-001 (several: comma-separated)
//   `# expect@+1: KL-X-001`         the next line (any +N / -N offset)
//   `# expect-none`                 the file must produce no finding at all
//   `// expect: ...`                the same in JS/TS
// JSON fixtures carry a sidecar NAME.expect with `LINE RULE-ID` rows (or `none`).
#include <string>
#include <utility>
#include <vector>

namespace kl::testing {

struct Expectations {
  std::vector<std::pair<unsigned, std::string>> items;  ///< (line, rule), sorted
  bool none = false;                                     ///< `expect-none` was written
  std::vector<std::string> errors;                       ///< malformed directives
};

Expectations parse_expectations(const std::string& text);
Expectations parse_sidecar(const std::string& text);

}  // namespace kl::testing
