// SAM Globals: a section's properties apply to every resource of its kind, merged as the
// translator merges them (samtranslator/plugins/globals/globals.py): maps merge key by key
// with the resource's value winning, lists concatenate (globals first), anything else —
// scalars, intrinsics (here Unknown / Either) or mismatched kinds — the resource wins.
#include "sam/detail.h"

namespace kl::sam::detail {
namespace {

Value merge(const Value& global, const Value& local) {
  if (global.is_map() && local.is_map()) {
    Value out = global;
    for (const model::Member& m : local.members()) {
      const Value* g = out.get(m.key);
      Value merged = g ? merge(*g, m.value) : m.value;
      out.set(m.key, std::move(merged), m.key_loc);
    }
    out.set_loc(local.loc());
    return out;
  }
  if (global.is_list() && local.is_list()) {
    Value out = global;
    for (const Value& item : local.items()) out.push(item);
    out.set_loc(local.loc());
    return out;
  }
  return local;
}

}  // namespace

Value merge_globals(const Value& globals, std::string_view section, const Value& props) {
  const Value* g = as_map(globals.get(section));
  if (!g || !props.is_map()) return props;
  return merge(*g, props);
}

}  // namespace kl::sam::detail
