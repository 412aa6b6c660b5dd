#pragma once
// ARNs that templates build from the stack's own pseudo parameters
// (`!Sub arn:aws:iam::${AWS::AccountId}:root`) are Unknown after loading only because the
// account and region are. Their shape is known, and it is what policy questions need: such
// an ARN is the stack's own account, never a wildcard. pin_pseudo_parameters() turns those
// Unknown strings into strings with stand-ins; anything built from a resource or a
// parameter stays Unknown.
#include <string_view>

#include "model/value.h"

namespace kl::iam {

/// The account id standing for ${AWS::AccountId} (the stack's own account).
inline constexpr std::string_view kOwnAccountStandIn = "000000000000";

/// Replaces, in `v`, every Unknown `Fn::Sub` string whose only unknown pieces are
/// ${AWS::AccountId}, ${AWS::Region} or ${AWS::StackName} by the string with stand-ins.
void pin_pseudo_parameters(model::Value& v);

}  // namespace kl::iam
