#pragma once
#include <cstddef>

namespace kl::load {

/// Bounds that keep hostile input from exhausting time or memory.
struct ParseLimits {
  size_t max_depth = 512;            ///< deeper nesting is an error (libyaml goes quadratic)
  size_t max_alias_nodes = 500000;  ///< nodes YAML aliases may copy in (billion laughs)
  /// Bytes of scalar text YAML anchors and aliases may copy: a few aliases of one huge
  /// string cost few nodes but gigabytes of memory.
  size_t max_alias_bytes = 64 * 1024 * 1024;
};

}  // namespace kl::load
