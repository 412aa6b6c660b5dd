#include "code/sinks.h"
namespace kl::code {
std::optional<TVal> javascript_call_model(const Call&) { return std::nullopt; }
std::optional<TVal> javascript_attribute_model(const std::string&) { return std::nullopt; }
void javascript_check_sinks(const Call&, Findings&) {}
}  // namespace kl::code
