// KL-META-*: findings about kumolens's own input. They are produced by the scan pipeline
// (src/scan/suppressions.cc: a suppression without a reason), not by reading the Model,
// so the checks registered here do nothing. They are registered anyway so that every
// catalog id has exactly one entry in all_rules(), which the catalog <-> implementation
// test relies on (docs/architecture.md, "Pipeline-produced rules").
#include "rules/services.h"

namespace kl::rules {
namespace {

void produced_by_suppressions(RuleContext&) {}

}  // namespace

void add_meta_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-META-001", produced_by_suppressions});
}

}  // namespace kl::rules
