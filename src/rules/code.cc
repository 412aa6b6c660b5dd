// KL-CODE-*: findings about function code. They come from the scan's code pass
// (src/code/analyze.cc follows event data from each handler to its sinks), not from reading
// the Model, so the checks registered here do nothing; they are registered so that every
// catalog id has exactly one entry in all_rules() (docs/architecture.md, "Pipeline-produced
// rules").
#include "rules/services.h"

namespace kl::rules {
namespace {

void produced_by_code_analysis(RuleContext&) {}

}  // namespace

void add_code_rules(std::vector<RuleImpl>& out) {
  for (std::string_view id : {"KL-CODE-001", "KL-CODE-002", "KL-CODE-003", "KL-CODE-004", "KL-CODE-005",
                              "KL-CODE-006", "KL-CODE-007", "KL-CODE-008", "KL-CODE-009", "KL-CODE-010"})
    out.push_back({id, produced_by_code_analysis});
}

}  // namespace kl::rules
