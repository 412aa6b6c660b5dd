// CloudTrail rules: KL-LOG-001.
#include <string>
#include <vector>

#include "rules/access.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) {
  return r.generated_from.empty() ? r.id : r.generated_from;
}

/// KL-LOG-001: a trail that is not multi-region (IsMultiRegionTrail absent or false), does
/// not validate its log files (EnableLogFileValidation absent or false) or does not log
/// (IsLogging false). One finding per trail names every problem: they share one fix (the
/// trail's settings) and one suppression. It is reported at the first setting written as
/// false, else at the trail's logical id. Unknown settings are not reported.
void trail_incomplete(RuleContext& ctx) {
  struct Setting {
    const char* key;
    bool absent_is_bad;  // IsLogging is required; the other two default to false
  };
  static const Setting kSettings[] = {
      {"IsLogging", false}, {"IsMultiRegionTrail", true}, {"EnableLogFileValidation", true}};
  for (const model::Resource* trail : ctx.model().of_type("AWS::CloudTrail::Trail")) {
    std::string problems, evidence;
    model::Location loc;
    for (const Setting& s : kSettings) {
      for (const Possible& p : possible_values(trail->properties, {s.key})) {
        Truth t = truth(p.value);
        bool bad = t == Truth::False || (t == Truth::Absent && s.absent_is_bad);
        if (!bad) continue;
        if (t == Truth::False && !loc.known()) loc = p.loc;
        problems += std::string(problems.empty() ? "" : ", ") + s.key;
        evidence += std::string(evidence.empty() ? "" : ", ") + s.key +
                    (t == Truth::False ? ": false" : " not set");
        break;  // each setting once
      }
    }
    if (problems.empty()) continue;
    ctx.report("KL-LOG-001", *trail, loc.known() ? loc : trail->loc, "Properties",
               {{"trail", user_id(*trail)}, {"settings", problems}},
               {.severity = {}, .variant = {}, .evidence = evidence});
  }
}

}  // namespace

void add_cloudtrail_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-LOG-001", trail_incomplete});
}

}  // namespace kl::rules
