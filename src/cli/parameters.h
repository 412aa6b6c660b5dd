#pragma once
// --parameters: Key=Value pairs or a JSON file in either of CloudFormation's shapes
// ({"Key": "Value"} or [{"ParameterKey": "Key", "ParameterValue": "Value"}]).
#include <map>
#include <string>
#include <vector>

#include "model/diagnostic.h"

namespace kl::cli {

/// Parses every --parameters argument; problems become diagnostics (exit 2).
std::map<std::string, std::string> parse_parameters(const std::vector<std::string>& args,
                                                    model::Diagnostics& diags);

}  // namespace kl::cli
