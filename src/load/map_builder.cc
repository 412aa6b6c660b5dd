#include "load/map_builder.h"

namespace kl::load {

bool MapBuilder::set(model::Value& map, std::string&& key, model::Value&& v,
                     model::Location key_loc) {
  auto& members = map.members();
  size_t found = members.size();
  if (index_.empty() && members.size() < kIndexFrom) {
    for (size_t i = 0; i < members.size(); ++i)
      if (members[i].key == key) found = i;
  } else {
    if (index_.empty())
      for (size_t i = 0; i < members.size(); ++i) index_.emplace(members[i].key, i);
    auto [it, inserted] = index_.emplace(key, members.size());
    if (!inserted) found = it->second;
  }
  if (found < members.size()) {
    members[found].value = std::move(v);
    if (key_loc.known()) members[found].key_loc = key_loc;
    return true;
  }
  // Most template maps have a handful of keys: skip the 1 -> 2 -> 4 regrowth.
  if (members.capacity() == 0) members.reserve(kFirstCapacity);
  members.emplace_back(std::move(key), key_loc, std::move(v));  // built in place
  return false;
}

}  // namespace kl::load
