#include "load/discover.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "load/gitignore.h"

namespace kl::load {
bool has_template_extension(std::string_view name) {
  for (std::string_view ext : {".yaml", ".yml", ".json", ".template"}) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return true;
  }
  return false;
}

namespace {

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

class Walker {
 public:
  Walker(const DiscoverOptions& opts, model::Diagnostics& diags) : opts_(opts), diags_(diags) {}

  void root(const std::string& path) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      model::add_error(diags_, {model::intern_file(path), 0, 0},
                       std::string("cannot read: ") + std::strerror(errno));
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      GitIgnore ignore;
      walk(path, "", ignore, 0);
    } else if (S_ISREG(st.st_mode)) {
      out_.push_back(path);
    } else {
      model::add_warning(diags_, {model::intern_file(path), 0, 0}, "not a regular file; skipped");
    }
  }

  std::vector<std::string> take() { return std::move(out_); }

 private:
  void walk(const std::string& dir, const std::string& rel, GitIgnore ignore, int depth) {
    if (depth > 64) {
      model::add_warning(diags_, {model::intern_file(dir), 0, 0},
                         "directories nested deeper than 64 levels; not descending");
      return;
    }
    struct stat st;
    if (stat(dir.c_str(), &st) != 0) return;
    // Symlinked directories can loop: never enter the same directory twice.
    auto key = std::make_pair(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino));
    if (!visited_.insert(key).second) {
      model::add_warning(diags_, {model::intern_file(dir), 0, 0},
                         "directory already visited (symlink loop?); skipped");
      return;
    }
    if (opts_.honour_gitignore) {
      std::ifstream gi(join_path(dir, ".gitignore"));
      if (gi) {
        std::stringstream ss;
        ss << gi.rdbuf();
        ignore.add(ss.str(), rel);
      }
    }
    DIR* d = opendir(dir.c_str());
    if (!d) {
      model::add_error(diags_, {model::intern_file(dir), 0, 0},
                       std::string("cannot read directory: ") + std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      names.push_back(std::move(name));
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      std::string path = join_path(dir, name);
      std::string child_rel = rel.empty() ? name : rel + "/" + name;
      struct stat cst;
      if (stat(path.c_str(), &cst) != 0) {
        struct stat lst;
        if (lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
          model::add_warning(diags_, {model::intern_file(path), 0, 0},
                             std::string("broken or looping symlink; skipped"));
        } else {
          model::add_error(diags_, {model::intern_file(path), 0, 0},
                           std::string("cannot read: ") + std::strerror(errno));
        }
        continue;
      }
      if (S_ISDIR(cst.st_mode)) {
        if (is_skipped_dir(name)) continue;
        if (opts_.honour_gitignore && ignore.ignored(child_rel, true)) continue;
        walk(path, child_rel, ignore, depth + 1);
      } else if (S_ISREG(cst.st_mode) && (opts_.all_files || has_template_extension(name))) {
        if (opts_.honour_gitignore && ignore.ignored(child_rel, false)) continue;
        out_.push_back(path);
      }
    }
  }

  const DiscoverOptions& opts_;
  model::Diagnostics& diags_;
  std::set<std::pair<uint64_t, uint64_t>> visited_;
  std::vector<std::string> out_;
};

}  // namespace

bool is_skipped_dir(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == ".aws-sam" || name == "cdk.out" ||
         name == ".serverless" || name == ".terraform";
}

std::vector<std::string> discover(const std::vector<std::string>& roots,
                                  const DiscoverOptions& opts, model::Diagnostics& diags) {
  Walker w(opts, diags);
  for (const std::string& r : roots) w.root(r);
  return w.take();
}

}  // namespace kl::load
