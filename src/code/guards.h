#pragma once
// Conditions that make event data safe on one side of a branch: allow-list membership
// (`if x not in ALLOWED: return`), equality with a constant, validation
// (`re.fullmatch(...)`, `x.isdigit()`, `/^[a-z]+$/.test(x)`), and path checks
// (`'..' in key`, `real.startswith(BASE)`, `key.includes('..')`).
#include <string>
#include <string_view>
#include <vector>

#include "code/syntax.h"
#include "code/taint.h"

namespace kl::code {

struct GuardEffect {
  std::string name;  ///< the variable
  uint32_t clears;   ///< kAllRules: no longer event data; else the rules it is sanitized for
};

/// What holds for variables when a condition is true, and when it is false.
struct Guard {
  std::vector<GuardEffect> when_true;
  std::vector<GuardEffect> when_false;
};

Guard python_guard(TSNode cond, std::string_view src);
Guard javascript_guard(TSNode cond, std::string_view src);

}  // namespace kl::code
