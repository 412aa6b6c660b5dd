#pragma once
// Suppression comments in function code, as in templates: `# kumolens:ignore KL-CODE-001
// -- reason` (Python) or `// kumolens:ignore KL-CODE-* -- reason` (JS/TS), at the end of the
// sink's line or alone on the line above it. A marker without a reason still suppresses
// and is itself reported as KL-META-001.
#include <string_view>
#include <vector>

#include "rules/finding.h"

namespace kl::code {

void apply_inline_suppressions(std::string_view text, model::FileId file, bool python,
                               std::vector<rules::Finding>& findings);

}  // namespace kl::code
