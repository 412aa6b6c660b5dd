#pragma once
#include <optional>
#include <string_view>

namespace kl::rules {

/// Ordered: a higher value is more severe.
enum class Severity { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 };

const char* severity_name(Severity s);  ///< "critical", "high", ...
std::optional<Severity> parse_severity(std::string_view s);

}  // namespace kl::rules
