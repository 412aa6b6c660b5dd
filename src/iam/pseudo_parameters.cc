#include "iam/pseudo_parameters.h"

#include <string>
#include <utility>

namespace kl::iam {

void pin_pseudo_parameters(model::Value& v) {
  if (v.is_unknown() && v.ref().empty()) {
    const std::string& why = v.str();  // the loader's "Fn::Sub 'arn:aws:iam::${AWS::AccountId}:root'"
    if (why.size() < 10 || why.rfind("Fn::Sub '", 0) != 0 || why.back() != '\'') return;
    std::string text = why.substr(9, why.size() - 10);
    const std::pair<std::string_view, std::string_view> stand_ins[] = {
        {"${AWS::Region}", "region"}, {"${AWS::AccountId}", kOwnAccountStandIn}, {"${AWS::StackName}", "stack"}};
    for (const auto& [from, to] : stand_ins)
      for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    if (text.find("${") != std::string::npos) return;
    v = model::Value::string(std::move(text), v.loc());
    return;
  }
  for (model::Value& x : v.items()) pin_pseudo_parameters(x);
  for (model::Member& m : v.members()) pin_pseudo_parameters(m.value);
}

}  // namespace kl::iam
