#include "model/model.h"

namespace kl::model {

const char* edge_kind_name(EdgeKind k) {
  switch (k) {
    case EdgeKind::Ref: return "ref";
    case EdgeKind::Role: return "role";
    case EdgeKind::EventSource: return "event-source";
    case EdgeKind::Authorizer: return "authorizer";
    case EdgeKind::DependsOn: return "depends-on";
  }
  return "?";
}

const char* source_kind_name(SourceKind k) {
  switch (k) {
    case SourceKind::CloudFormation: return "cloudformation";
    case SourceKind::Sam: return "sam";
    case SourceKind::Serverless: return "serverless";
    case SourceKind::Terraform: return "terraform";
    case SourceKind::Live: return "live";
  }
  return "?";
}

Resource* Model::find(std::string_view id) {
  return const_cast<Resource*>(static_cast<const Model*>(this)->find(id));
}

const Resource* Model::find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  if (it == index_.end() || it->second >= resources.size()) return nullptr;
  const Resource* r = resources[it->second].get();
  return r->id == id ? r : nullptr;
}

Resource& Model::add(std::unique_ptr<Resource> r) {
  index_[r->id] = resources.size();
  resources.push_back(std::move(r));
  return *resources.back();
}

void Model::remove(std::string_view id) {
  for (auto it = resources.begin(); it != resources.end(); ++it) {
    if ((*it)->id == id) {
      resources.erase(it);
      break;
    }
  }
  index_.clear();
  for (size_t i = 0; i < resources.size(); ++i) index_[resources[i]->id] = i;
}

std::vector<const Resource*> Model::of_type(std::string_view type) const {
  std::vector<const Resource*> out;
  for (const auto& r : resources)
    if (r->type == type) out.push_back(r.get());
  return out;
}

}  // namespace kl::model
