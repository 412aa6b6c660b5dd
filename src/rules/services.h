#pragma once
// One function per service file (rules/<service>.cc) appends that service's rules.
#include <vector>

#include "rules/rule.h"

namespace kl::rules {

void add_lambda_rules(std::vector<RuleImpl>& out);
void add_apigateway_rules(std::vector<RuleImpl>& out);

}  // namespace kl::rules
