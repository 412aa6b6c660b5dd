#include "model/location.h"

#include <deque>
#include <mutex>
#include <unordered_map>

namespace kl::model {
namespace {

struct Registry {
  std::mutex mu;
  std::deque<std::string> paths{std::string()};  // deque: references stay valid on growth
  std::unordered_map<std::string, FileId> ids;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

FileId intern_file(std::string_view path) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  auto it = r.ids.find(std::string(path));
  if (it != r.ids.end()) return it->second;
  FileId id = static_cast<FileId>(r.paths.size());
  r.paths.emplace_back(path);
  r.ids.emplace(std::string(path), id);
  return id;
}

const std::string& file_path(FileId id) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (id >= r.paths.size()) return r.paths[0];
  return r.paths[id];
}

std::string Location::str() const {
  std::string out = file_path(file);
  if (line) {
    out += ':' + std::to_string(line);
    if (column) out += ':' + std::to_string(column);
  }
  return out;
}

}  // namespace kl::model
