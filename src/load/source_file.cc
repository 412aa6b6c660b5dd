#include "load/source_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace kl::load {

bool is_json_text(const std::string& path, std::string_view text) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".json")) return true;
  if (ends_with(".yaml") || ends_with(".yml")) return false;
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

bool looks_binary(std::string_view text) {
  return std::memchr(text.data(), '\0', std::min<size_t>(text.size(), 8192)) != nullptr;
}

std::optional<std::string> read_source(const std::string& path, const ReadLimits& limits,
                                       model::Diagnostics& diags) {
  model::Location loc{model::intern_file(path), 0, 0};
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    model::add_error(diags, loc, std::string("cannot read: ") + std::strerror(errno));
    return std::nullopt;
  }
  if (static_cast<uint64_t>(st.st_size) > limits.max_bytes) {
    model::add_warning(diags, loc,
                       "file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                           std::to_string(limits.max_bytes) + " (--max-file-size); skipped");
    return std::nullopt;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) {
    model::add_error(diags, loc, std::string("cannot read: ") + std::strerror(errno));
    return std::nullopt;
  }
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t n = std::fread(data.data(), 1, data.size(), f.get());
  if (std::ferror(f.get())) {
    model::add_error(diags, loc, std::string("cannot read: ") + std::strerror(errno));
    return std::nullopt;
  }
  data.resize(n);
  if (looks_binary(data)) {
    model::add_note(diags, loc, "binary file; skipped");
    return std::nullopt;
  }
  return data;
}

}  // namespace kl::load
