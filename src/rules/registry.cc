// The list of every implemented rule, service by service. A test checks that each catalog
// entry has exactly one implementation here and each implementation has a catalog entry.
#include "rules/rule.h"
#include "rules/services.h"

namespace kl::rules {

const std::vector<RuleImpl>& all_rules() {
  static const std::vector<RuleImpl> rules = [] {
    std::vector<RuleImpl> out;
    add_lambda_rules(out);
    add_apigateway_rules(out);
    return out;
  }();
  return rules;
}

}  // namespace kl::rules
