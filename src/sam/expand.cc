#include "sam/expand.h"

namespace kl::sam {

void expand(model::Model& model, model::Diagnostics& diags) {
  (void)model;
  (void)diags;
}

}  // namespace kl::sam
