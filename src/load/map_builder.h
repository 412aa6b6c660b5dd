#pragma once
// Builds a map Value one member at a time. Value::set looks keys up linearly, which is
// quadratic for the maps machine-made templates have (tens of thousands of resources);
// this keeps a hash index once a map grows past a few keys.
#include <string>
#include <unordered_map>

#include "model/value.h"

namespace kl::load {

class MapBuilder {
 public:
  /// Adds `key` to `map` (a Map). A duplicate key replaces the earlier value (the last one
  /// wins, as in CloudFormation); returns true when the key was already there.
  /// `key` is moved from only when it is added.
  bool set(model::Value& map, std::string&& key, model::Value&& v, model::Location key_loc);

 private:
  static constexpr size_t kFirstCapacity = 4;
  static constexpr size_t kIndexFrom = 16;  ///< small maps: a linear scan is cheaper
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace kl::load
