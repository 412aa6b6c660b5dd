// Checks shared by both languages: what a handler sends back, what it logs, and how far
// a constant prefix pins down a URL.
#include <cctype>
#include <string_view>
#include <unordered_set>

#include "code/sinks.h"

namespace kl::code {
namespace {

bool contains_icase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + j])) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

/// A legacy DynamoDB filter (ScanFilter, QueryFilter...) whose structure comes from the
/// event: the whole map, an attribute name, or a ComparisonOperator. Values in
/// AttributeValueList are parameters, as safe as a placeholder.
const TVal* filter_structure_tainted(const TVal& v, int depth = 0) {
  if (depth > 6) return nullptr;
  if (v.tainted_for(CodeRule::NoSql) && (!v.fields || v.tainted_key)) return &v;
  if (!v.fields) return nullptr;
  for (const auto& [k, f] : *v.fields) {
    if (k == "AttributeValueList" || k == "Value" || k == "AttributeValue") continue;
    if (k == "ComparisonOperator" || k == "Exists") {
      if (f.tainted_for(CodeRule::NoSql)) return &f;
      continue;
    }
    if (const TVal* t = filter_structure_tainted(f, depth + 1)) return t;
  }
  return nullptr;
}


using Names = std::unordered_set<std::string_view>;
const Names kDynamoExpressions = {"FilterExpression", "KeyConditionExpression", "ConditionExpression",
                                  "ProjectionExpression", "UpdateExpression", "Statement", "Statements"};
const Names kDynamoLegacyFilters = {"ScanFilter", "QueryFilter", "KeyConditions", "Expected",
                                    "AttributeUpdates"};

}  // namespace

void check_dynamodb_params(const Call& c, const TVal& params, Findings& out) {
  const std::string sink(c.text);
  // The request itself from the event: parsed from the body, spread into it, or read
  // whole out of it (`ddb.scan(body.params)`).
  if (params.tainted_for(CodeRule::NoSql) && ((params.flags & kParsed) || !params.fields)) {
    report_value(out, CodeRule::NoSql, c.loc, params, sink, "whole_request");
    return;
  }
  if (!params.fields) return;
  for (const auto& [k, v] : *params.fields) {
    if (kDynamoExpressions.count(k)) {
      if (const TVal* t = v.find_tainted(CodeRule::NoSql); t && !(t->flags & kParsed)) {
        report_value(out, CodeRule::NoSql, c.loc, *t, sink + " " + k);
        return;
      }
    } else if (kDynamoLegacyFilters.count(k)) {
      if (const TVal* t = filter_structure_tainted(v)) {
        report_value(out, CodeRule::NoSql, c.loc, *t, sink + " " + k);
        return;
      }
    }
  }
}

bool prefix_fixes_host(const std::string& prefix) {
  size_t colon = prefix.find("://");
  if (colon == std::string::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = prefix[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '.' && c != '-') return false;
  }
  size_t host = colon + 3;
  size_t end = prefix.find_first_of("/?#", host);
  // The host is fixed only when something ends it: "https://api.x.com" + input still lets
  // the input write ".evil.com" or "@evil.com".
  return end != std::string::npos && end > host && prefix.find('@', host) >= end;
}

void check_url(const Call& c, const TVal* url, bool allows_file, Findings& out) {
  if (!url) return;
  const TVal* t = url->find_tainted(CodeRule::Ssrf);
  if (!t) return;
  std::string prefix = url->prefix.value_or("");
  if (prefix_fixes_host(prefix)) return;
  std::string sink = std::string(c.text);
  // With no scheme fixed the caller picks it: file:// where the client follows it, and
  // http://localhost:9001 (the Lambda Runtime API, which hands out the next event and
  // accepts responses for others) everywhere. "https://" + input cannot reach the
  // plain-HTTP Runtime API.
  bool https_fixed = prefix.rfind("https://", 0) == 0;
  if (allows_file && prefix.find("://") == std::string::npos) {
    report_value(out, CodeRule::Ssrf, c.loc, *t, sink, "file", true);
  } else if (!https_fixed) {
    report_value(out, CodeRule::Ssrf, c.loc, *t, sink, "runtime_api", true);
  } else {
    report_value(out, CodeRule::Ssrf, c.loc, *t, sink);
  }
}

void check_response(const TVal& response, model::Location loc, Findings& out) {
  // The environment or a stack trace anywhere in what goes back to the caller.
  if (const TVal* env = response.find_flag(kEnvDump)) {
    report_value(out, CodeRule::Disclosure, env->loc.known() ? env->loc : loc, *env, "the response", "environment");
  }
  if (const TVal* st = response.find_flag(kStackTrace)) {
    report_value(out, CodeRule::Disclosure, st->loc.known() ? st->loc : loc, *st, "the response", "stack");
  }
  // Event data in the body of an HTML response.
  const TVal* headers = response.field("headers");
  if (!headers) headers = response.field("multiValueHeaders");
  if (!headers) return;
  const TVal* ct = headers->field_icase("content-type");
  if (!ct || !ct->prefix || !contains_icase(*ct->prefix, "text/html")) return;
  const TVal* body = response.field("body");
  if (!body) return;
  if (const TVal* t = body->find_tainted(CodeRule::Xss))
    report_value(out, CodeRule::Xss, body->loc.known() ? body->loc : loc, *t, "an HTML response body");
}

void check_logged(const TVal& v, const Call& c, Findings& out) {
  if (const TVal* env = v.find_flag(kEnvDump))
    report_value(out, CodeRule::Disclosure, c.loc, *env, std::string(c.text), "logged");
}

bool is_proc_environ(const TVal* v) {
  return v && v->exact && v->prefix && v->prefix->starts_with("/proc/") &&
         v->prefix->ends_with("/environ");
}

}  // namespace kl::code
