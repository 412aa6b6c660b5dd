#include "scan/scanner.h"

#include "iam/function_permissions.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <unordered_set>
#include <thread>

#include "cfn/template_loader.h"
#include "code/analyze.h"
#include "code/handlers.h"
#include "load/aws_include.h"
#include "load/discover.h"
#include "load/json_reader.h"
#include "load/yaml_reader.h"
#include "rules/rule.h"
#include "sam/expand.h"
#include "config/glob.h"
#include "scan/suppressions.h"
#include "secrets/archive.h"
#include "secrets/findings.h"
#include "serverless/loader.h"

namespace kl::scan {
namespace {

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_serverless_name(const std::string& path) {
  std::string name = base_name(path);
  return name == "serverless.yml" || name == "serverless.yaml" || name == "serverless.json";
}

/// Cheap test before parsing: could this text be a template or Serverless file at all?
/// Keeps the scan fast on repositories full of unrelated YAML and JSON (package.json,
/// CI workflows) and keeps their syntax out of our error output.
bool worth_parsing(const std::string& path, std::string_view text) {
  if (is_serverless_name(path)) return true;
  return text.find("Resources") != std::string_view::npos ||
         text.find("AWSTemplateFormatVersion") != std::string_view::npos;
}

struct FileOutcome {
  std::vector<rules::Finding> findings;
  model::Diagnostics diags;
  bool loaded = false;
};

secrets::Allow allow_of(const ScanOptions& opts) {
  return {opts.config.dir, opts.config.secrets};
}

/// The secrets pass over a text already read for another pass (no second read).
void add_secrets(const std::string& path, std::string_view text, const ScanOptions& opts,
                 std::vector<rules::Finding>& out) {
  if (!opts.secrets) return;
  std::vector<rules::Finding> found;
  secrets::find_secrets(path, text, allow_of(opts), found);
  apply_config(opts.config, found);
  for (auto& f : found) {
    if (!f.suppressed && opts.baseline.count(f.fingerprint))
      f.suppressed = rules::Suppression{"baseline", "in the baseline", f.loc};
    out.push_back(std::move(f));
  }
}

/// `handlers` collects the functions' handlers for the code pass (src/code/).
FileOutcome process(const std::string& path, const ScanOptions& opts, bool explicit_path,
                    code::HandlerIndex& handlers) {
  FileOutcome out;
  auto text = load::read_source(path, opts.read, out.diags);
  if (!text) return out;
  std::vector<rules::Finding> secret_findings;
  add_secrets(path, *text, opts, secret_findings);
  auto finish = [&] {
    for (auto& f : secret_findings) out.findings.push_back(std::move(f));
    return std::move(out);
  };
  if (!explicit_path && !worth_parsing(path, *text)) return finish();
  auto model = load_model(path, *text, opts, explicit_path, out.diags);
  if (!model) return finish();
  out.loaded = true;
  handlers.add(code::handlers_of(*model));
  out.findings = rules::run_rules(*model);
  apply_suppressions(*model, *text, !load::is_json_text(path, *text), opts.config, out.findings, out.diags);
  return finish();
}

/// The code pass: a function's source, analyzed with the handlers the templates declared.
FileOutcome process_code(const std::string& path, const ScanOptions& opts, const code::HandlerIndex& handlers) {
  FileOutcome out;
  auto text = load::read_source(path, opts.read, out.diags);
  if (!text) return out;
  code::analyze_code(path, *text, handlers.find(path), out.findings, out.diags);
  apply_config(opts.config, out.findings);
  add_secrets(path, *text, opts, out.findings);
  return out;
}

/// The secrets pass over a file no other pass reads: any text file, and .zip/.jar packages
/// (entries read with libarchive). Binary files are skipped without a word: most of a
/// tree's binaries are images and fonts.
FileOutcome process_other(const std::string& path, const ScanOptions& opts) {
  FileOutcome out;
  if (secrets::path_allowed(path, allow_of(opts))) return out;
  if (secrets::is_archive_name(path)) {
    secrets::ArchiveLimits limits;
    limits.max_entry_bytes = opts.read.max_bytes;
    secrets::scan_archive_file(path, limits, [&](const std::string& name, std::string_view text) {
      add_secrets(name, text, opts, out.findings);
    }, out.diags);
    return out;
  }
  model::Diagnostics quiet;
  auto text = load::read_source(path, opts.read, quiet);
  if (!text) {
    // Too large or unreadable is worth a word; binary is not.
    for (auto& d : quiet)
      if (d.message.find("binary") == std::string::npos) out.diags.push_back(std::move(d));
    return out;
  }
  add_secrets(path, *text, opts, out.findings);
  return out;
}

/// The file's path relative to the scan root it was found under, for --include/--exclude.
std::string relative_to_root(const std::string& file, const std::vector<std::string>& roots) {
  for (const std::string& r : roots) {
    if (file == r) return base_name(file);
    std::string prefix = r.empty() || r.back() == '/' ? r : r + "/";
    if (r == ".") prefix = "";
    if (file.rfind(prefix, 0) == 0) return file.substr(prefix.size());
  }
  return file;
}

bool selected(const std::string& file, const ScanOptions& opts) {
  if (opts.include.empty() && opts.exclude.empty()) return true;
  std::string rel = relative_to_root(file, opts.paths);
  for (const auto& g : opts.exclude)
    if (config::glob_match_path(g, rel)) return false;
  if (opts.include.empty()) return true;
  for (const auto& g : opts.include)
    if (config::glob_match_path(g, rel)) return true;
  return false;
}

/// A file can be read twice in one scan: a Serverless `${file(resources/x.yml)}` include
/// is also a CloudFormation fragment of its own when the walk reaches it. The same finding
/// (rule, place, resource, property) or diagnostic is then reported once. Keys are kept as
/// 64-bit hashes so the memory stays small on scans with many findings.
class RepeatFilter {
 public:
  bool seen_finding(const rules::Finding& f) {
    // FNV-1a is a stream: hashing the parts in turn equals hashing them joined.
    const std::string loc = f.loc.str();
    uint64_t h = hash(f.rule);
    for (std::string_view part : {std::string_view(loc), std::string_view(f.resource),
                                  std::string_view(f.path)})
      h = hash(part, hash("\x1f", h));
    return !seen_.insert(h).second;
  }
  bool seen_diagnostic(const model::Diagnostic& d) { return !seen_.insert(hash("D" + d.str())).second; }

 private:
  static uint64_t hash(std::string_view s, uint64_t h = 1469598103934665603ULL) {  // FNV-1a
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    return h;
  }
  std::unordered_set<uint64_t> seen_;
};

/// Collects a streaming scan into a ScanResult.
class CollectingSink : public ScanSink {
 public:
  explicit CollectingSink(ScanResult& r) : r_(r) {}
  void on_file(std::vector<rules::Finding>& findings, model::Diagnostics& diags) override {
    for (auto& f : findings) r_.findings.push_back(std::move(f));
    for (auto& d : diags) r_.diagnostics.push_back(std::move(d));
  }

 private:
  ScanResult& r_;
};

}  // namespace

std::optional<model::Model> load_model(const std::string& path, const std::string& text,
                                       const ScanOptions& opts, bool explicit_path,
                                       model::Diagnostics& diags) {
  model::FileId file = model::intern_file(path);
  std::optional<model::Value> doc = load::is_json_text(path, text)
                                        ? load::parse_json(text, file, diags, opts.parse)
                                        : load::parse_yaml(text, file, diags, opts.parse);
  if (!doc) return std::nullopt;
  // Local AWS::Include files are read here, once per file, and only when the text names
  // the transform: no walk over every template, no file reads in model_from_document.
  if (text.find("AWS::Include") != std::string::npos)
    load::inline_local_includes(*doc, std::filesystem::path(path).parent_path().string(), opts.read, opts.parse,
                                diags);
  return model_from_document(path, std::move(*doc), opts, explicit_path, diags);
}

std::optional<model::Model> model_from_document(const std::string& path, model::Value doc,
                                                const ScanOptions& opts, bool explicit_path,
                                                model::Diagnostics& diags) {
  model::FileId file = model::intern_file(path);
  if (serverless::looks_like_serverless(path, doc)) {
    serverless::LoadOptions so;
    so.options = opts.parameters;
    model::Model m = serverless::load(std::move(doc), path, so, diags);
    iam::record_function_permissions(m);  // kept in the model: explain, attack paths
    return m;
  }
  if (cfn::looks_like_template(doc)) {
    cfn::LoadOptions lo;
    lo.parameters = opts.parameters;
    model::Model m = cfn::load_template(std::move(doc), path, lo, diags);
    if (m.source == model::SourceKind::Sam) sam::expand(m, diags);
    iam::record_function_permissions(m);  // kept in the model: explain, attack paths
    return m;
  }
  if (explicit_path)
    model::add_note(diags, {file, 1, 1}, "not a CloudFormation, SAM or Serverless template; skipped");
  return std::nullopt;
}

void ScanSummary::count(const rules::Finding& f) {
  if (f.suppressed) {
    ++suppressed;
    return;
  }
  ++by_severity[static_cast<size_t>(f.severity)];
  if (!worst || f.severity > *worst) worst = f.severity;
}

size_t ScanSummary::unsuppressed() const {
  size_t n = 0;
  for (size_t c : by_severity) n += c;
  return n;
}

ScanSummary scan(const ScanOptions& opts, ScanSink& sink) {
  ScanSummary summary;
  RepeatFilter repeats;
  // Hands one file's results to the sink, after dropping repeats and counting.
  auto emit = [&](std::vector<rules::Finding>& findings, model::Diagnostics& diags) {
    rules::sort_findings(findings);
    std::erase_if(findings, [&](const rules::Finding& f) { return repeats.seen_finding(f); });
    std::erase_if(diags, [&](const model::Diagnostic& d) { return repeats.seen_diagnostic(d); });
    for (const auto& f : findings) summary.count(f);
    for (const auto& d : diags)
      if (d.level == model::DiagLevel::Error) summary.input_errors = true;
    if (!findings.empty() || !diags.empty()) sink.on_file(findings, diags);
  };

  load::DiscoverOptions dopts;
  dopts.honour_gitignore = opts.honour_gitignore;
  dopts.all_files = true;  // function code as well as templates
  model::Diagnostics walk_diags;
  std::vector<std::string> found = load::discover(opts.paths, dopts, walk_diags);
  std::vector<rules::Finding> none;
  emit(none, walk_diags);

  // Templates first (they declare which code is which function's handler), then code.
  // Each pass streams its files in discovery order.
  // Every other file goes to the secrets pass alone.
  std::vector<std::string> files, code_files, other_files;
  std::vector<bool> is_explicit;
  for (std::string& f : found) {
    bool expl = std::find(opts.paths.begin(), opts.paths.end(), f) != opts.paths.end();
    if (!expl && !selected(f, opts)) continue;
    if (opts.secrets_only) {
      other_files.push_back(std::move(f));
    } else if (code::is_code_file(f)) {
      code_files.push_back(std::move(f));
    } else if ((expl && !secrets::is_archive_name(f)) || load::has_template_extension(f)) {
      files.push_back(std::move(f));
      is_explicit.push_back(expl);
    } else if (opts.secrets) {
      other_files.push_back(std::move(f));
    }
  }
  summary.files_considered = files.size() + code_files.size() + other_files.size();
  code::HandlerIndex handlers;

  // Workers take files in order; finished files wait in `done` until every file before
  // them is out, so the report keeps the discovery order whatever finishes first.
  auto run_pass = [&](size_t count, auto&& work) {
    std::vector<std::optional<FileOutcome>> done(count);
    std::mutex mu;
    size_t next_out = 0;
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t i = next++; i < count; i = next++) {
        FileOutcome o = work(i);
        std::lock_guard<std::mutex> lock(mu);
        done[i] = std::move(o);
        while (next_out < count && done[next_out]) {
          FileOutcome& ready = *done[next_out];
          if (ready.loaded) ++summary.models_loaded;
          emit(ready.findings, ready.diags);
          done[next_out].reset();
          ++next_out;
        }
      }
    };
    unsigned jobs = opts.jobs ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<size_t>(count, 1)));
    if (jobs <= 1) {
      worker();
    } else {
      std::vector<std::thread> pool;
      for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);
      for (auto& t : pool) t.join();
    }
  };
  run_pass(files.size(), [&](size_t i) { return process(files[i], opts, is_explicit[i], handlers); });
  run_pass(code_files.size(), [&](size_t i) { return process_code(code_files[i], opts, handlers); });
  run_pass(other_files.size(), [&](size_t i) { return process_other(other_files[i], opts); });

  std::vector<rules::Finding> meta = config_meta_findings(opts.config);
  model::Diagnostics no_diags;
  emit(meta, no_diags);
  return summary;
}

ScanResult scan(const ScanOptions& opts) {
  ScanResult result;
  CollectingSink sink(result);
  ScanSummary s = scan(opts, sink);
  result.files_considered = s.files_considered;
  result.models_loaded = s.models_loaded;
  result.input_errors = s.input_errors;
  return result;
}

}  // namespace kl::scan
