#pragma once
// What the Python and JavaScript analyzers share: variables and their abstract values,
// the module's functions, the findings gathered, and the budgets that keep a hostile file
// from taking long. Each language walks its own syntax (python_analyzer.cc,
// javascript_analyzer.cc) and asks its sink table (python_sinks.cc, javascript_sinks.cc)
// about every call.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "code/guards.h"
#include "code/syntax.h"
#include "code/taint.h"

namespace kl::code {

/// A call as the sink tables see it.
struct Call {
  std::string qname;        ///< resolved name: "subprocess.run", "child_process.exec", "eval"; "" when unknown
  std::string method;       ///< last member name for `x.m(...)`, else ""
  std::string receiver_text;  ///< source text of `x` in `x.m(...)`
  const TVal* receiver = nullptr;
  std::vector<TVal> args;                            ///< positional arguments
  std::vector<std::pair<std::string, TVal>> kwargs;  ///< Python keyword arguments
  std::optional<TVal> kwsplat;                       ///< Python `**x` / JS `...x` argument
  bool is_new = false;                               ///< JS `new X(...)`
  model::Location loc;
  std::string_view text;  ///< the callee's source text, for messages

  const TVal* kwarg(std::string_view name) const;
  /// Positional `i`, else keyword `name` (Python's two ways to pass one parameter).
  const TVal* arg(size_t i, std::string_view name = {}) const;
};

/// Collects findings, once per rule and line.
class Findings {
 public:
  void add(CodeFinding f);
  std::vector<CodeFinding>& items() { return items_; }

 private:
  std::vector<CodeFinding> items_;
  std::set<std::pair<unsigned, uint32_t>> seen_;  // rule, line
};

/// Reports `rule` at the call when `v` is tainted for it; returns whether it did.
bool report_if_tainted(Findings& out, CodeRule rule, const Call& c, const TVal* v, std::string sink,
                       std::string variant = {});
/// Reports with `v`'s trace (tainted or not: KL-CODE-010 reports untainted values too).
void report_value(Findings& out, CodeRule rule, model::Location loc, const TVal& v, std::string sink,
                  std::string variant = {}, bool critical = false);

/// Variables of one function activation.
using Env = std::unordered_map<std::string, TVal>;

/// Applies what a guard (`if x in ALLOWED:`, `'..' in key`) says about variables.
void apply_guards(const std::vector<GuardEffect>& effects, Env& env);
/// Joins the variables of another branch into `into` (after if/else, try, loops).
void merge_env(Env& into, const Env& other);

/// Budgets: a file's analysis stops early (with what it found so far) past these.
struct Budget {
  size_t steps = 0;
  static constexpr size_t kMaxSteps = 4'000'000;  ///< nodes evaluated per file
  static constexpr int kMaxNesting = 150;         ///< nested expressions / statements
  static constexpr int kMaxCallDepth = 4;         ///< calls into the module's own functions
  bool exhausted() const { return steps > kMaxSteps; }
};

/// A handler in a file: its function node and the name it is known by.
struct EntryPoint {
  TSNode fn;
  std::string name;
};

}  // namespace kl::code
