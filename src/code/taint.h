#pragma once
// The abstract values of the taint analysis: what an expression may hold, as far as the
// KL-CODE rules care (is it event data, which sanitizers it went through, its constant
// prefix, the fields of an object built in the code), and how it got there (the trace).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/location.h"

namespace kl::code {

/// One step of a trace: where, and what happened there ("assigned to 'url'").
struct Step {
  Step(model::Location l, std::string w) : loc(l), what(std::move(w)) {}
  model::Location loc;
  std::string what;
};
using Trace = std::vector<Step>;

/// The KL-CODE rules, in catalog order; also the bits of `TVal::sanitized`.
enum class CodeRule : uint8_t {
  Command = 1,        // KL-CODE-001
  CodeEval = 2,       // KL-CODE-002
  Deserialize = 3,    // KL-CODE-003
  Xxe = 4,            // KL-CODE-004
  Ssrf = 5,           // KL-CODE-005
  PathTraversal = 6,  // KL-CODE-006
  NoSql = 7,          // KL-CODE-007
  Sql = 8,            // KL-CODE-008
  Xss = 9,            // KL-CODE-009
  Disclosure = 10,    // KL-CODE-010
};
/// "KL-CODE-001" ...
std::string rule_id(CodeRule r);
constexpr uint32_t bit(CodeRule r) { return 1u << static_cast<unsigned>(r); }
constexpr uint32_t kAllRules = 0xffffffffu;

/// Facts about a value other than taint.
enum ValueFlag : uint16_t {
  kEnvDump = 1 << 0,    ///< the whole environment (os.environ, process.env, dict(os.environ))
  kStackTrace = 1 << 1, ///< a stack trace (traceback.format_exc(), err.stack)
  kParsed = 1 << 2,     ///< an object parsed from text (json.loads / JSON.parse): a whole request
  kXxeParser = 1 << 3,  ///< an XML parser that resolves external entities
  kString = 1 << 4,     ///< known to be a string built in the code (concatenation, f-string)
  kError = 1 << 5,      ///< a caught error (its `.stack` is a stack trace)
  kS3Checked = 1 << 6,  ///< an S3 command (`new PutObjectCommand({Key})`) whose key was checked when built
};

/// An abstract value. Cheap to copy: the trace and the fields are shared.
struct TVal {
  /// Non-null when the value (or part of it) comes from the event; the steps so far.
  std::shared_ptr<const Trace> taint;
  /// Rules for which the taint has been neutralized (shlex.quote, basename, html.escape...).
  uint32_t sanitized = 0;
  uint16_t flags = 0;
  /// Known constant text at the start of a string; `exact` when it is the whole string.
  std::optional<std::string> prefix;
  bool exact = false;
  /// What the value names, for calls: a module or an imported function ("subprocess",
  /// "child_process.exec"), or "" for ordinary data.
  std::string qname;
  /// Members of an object or dict built in the code, by key (each with its own location).
  std::shared_ptr<const std::map<std::string, TVal>> fields;
  /// A key of the object was computed from event data (`{attr: {...}}`, `f[attr] = ...`).
  bool tainted_key = false;
  /// Where the value was written (for object fields: the value's line).
  model::Location loc;

  bool tainted() const { return taint != nullptr; }
  /// Tainted and not sanitized for `r`.
  bool tainted_for(CodeRule r) const { return taint && !(sanitized & bit(r)); }
  /// The field `key` (nullptr when absent or unknown).
  const TVal* field(const std::string& key) const;
  /// The field whose key equals `key` ignoring ASCII case.
  const TVal* field_icase(const std::string& key) const;
  /// This value or any field (recursively) is tainted for `r`; the first such value.
  const TVal* find_tainted(CodeRule r, int depth = 0) const;
  /// This value or any field (recursively) has `flag`; the first such value.
  const TVal* find_flag(uint16_t flag, int depth = 0) const;

  static TVal constant(std::string s, model::Location loc = {});
  static TVal source(Trace trace);
};

/// Joins the facts of two values that may both flow into one place (concatenation,
/// branches): tainted if either is, sanitized only for what both are sanitized for.
TVal join(const TVal& a, const TVal& b);
/// `v` (or nothing) cleaned for `rules`: a sanitizer's result. Fields are dropped: the
/// sanitizer returned a new value, not the object.
TVal sanitized(const TVal* v, uint32_t rules);
/// `out` is `arg` turned into one value (serialized, stringified, passed through an unknown
/// call): the environment or a stack trace nested in one of `arg`'s fields stays a fact of
/// `out` (`json.dumps({"debug": {"env": dict(os.environ)}})`), placed at `at`, where it was
/// flattened into the text that leaves.
void keep_nested_disclosure(TVal& out, const TVal& arg, model::Location at);
/// `v` with one more trace step (no-op when untainted). Traces are capped in length.
TVal with_step(const TVal& v, model::Location loc, std::string what);

/// What a sink reported.
struct CodeFinding {
  CodeRule rule;
  model::Location loc;  ///< the sink (the call or the response field)
  std::string sink;     ///< what received the data, e.g. "subprocess.run(shell=True)"
  std::string variant;  ///< catalog message variant ("" = default)
  bool critical = false;  ///< raise to critical (KL-CODE-005 reaching file:// or the Runtime API)
  Trace trace;          ///< source ... sink
};

}  // namespace kl::code
