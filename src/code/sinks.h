#pragma once
// The sink and model tables, one per language (python_sinks.cc, javascript_sinks.cc): what
// a call returns when it matters to taint (sources, parsers, sanitizers), and which calls
// are sinks of which KL-CODE rule.
#include <optional>
#include <string>

#include "code/interp.h"

namespace kl::code {

/// The value `c` returns when the table knows the callee (json.loads parses, int() cleans,
/// shlex.quote sanitizes for the shell, lxml's XMLParser(resolve_entities=True) is an
/// entity-resolving parser...); nullopt when the analyzer's default propagation applies.
std::optional<TVal> python_call_model(const Call& c);
/// The qname of a Powertools event-handler resolver (`app = APIGatewayRestResolver()`):
/// `app.current_event` is the event, `app.resolve(event, ctx)` runs its routes.
inline constexpr const char* kPowertoolsResolver = "aws_lambda_powertools.<resolver>";
/// The value of a module attribute (`os.environ`), when it matters.
std::optional<TVal> python_attribute_model(const std::string& qname);
/// Reports `c` if it is a sink receiving event data.
void python_check_sinks(const Call& c, Findings& out);
/// Methods that change the object they are called on: `p.setFeature(feature_external_ges,
/// True)` makes `p` an entity-resolving parser. Returns the receiver's new value.
std::optional<TVal> python_receiver_effect(const Call& c);

std::optional<TVal> javascript_call_model(const Call& c);
std::optional<TVal> javascript_attribute_model(const std::string& qname);
void javascript_check_sinks(const Call& c, Findings& out);

/// Checks what a handler returns (or passes to its callback): event data in an HTML body
/// (KL-CODE-009), the environment or a stack trace sent back (KL-CODE-010).
void check_response(const TVal& response, model::Location loc, Findings& out);
/// KL-CODE-010 for a value logged or printed: the whole environment.
void check_logged(const TVal& v, const Call& c, Findings& out);

/// KL-CODE-007 for the parameters of a DynamoDB call (`params`, or the request built from
/// them): a whole request parsed from the event, expressions built from event text, legacy
/// filters whose structure comes from the event. Values (ExpressionAttributeValues, Key) are
/// parameters and stay silent.
void check_dynamodb_params(const Call& c, const TVal& params, Findings& out);

/// Does the constant `prefix` of a URL fix its scheme and host ("https://api.x.com/")?
bool prefix_fixes_host(const std::string& prefix);
/// A constant path naming a process's environment (`/proc/self/environ`, `/proc/1/environ`).
bool is_proc_environ(const TVal* v);
/// KL-CODE-005 for a tainted URL: silent when a constant prefix fixes scheme and host;
/// critical when the caller can reach file:// (`allows_file`) or the Lambda Runtime API
/// (http://localhost:9001: any URL whose scheme is not fixed to https).
void check_url(const Call& c, const TVal* url, bool allows_file, Findings& out);

}  // namespace kl::code
