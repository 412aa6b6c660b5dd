#include "serverless/loader.h"

namespace kl::serverless {

bool looks_like_serverless(const std::string& path, const model::Value& doc) {
  (void)path;
  (void)doc;
  return false;
}

model::Model load(model::Value doc, const std::string& path, const LoadOptions& opts,
                  model::Diagnostics& diags) {
  (void)opts;
  (void)diags;
  model::Model m;
  m.file = path;
  m.source = model::SourceKind::Serverless;
  m.raw = std::move(doc);
  return m;
}

}  // namespace kl::serverless
