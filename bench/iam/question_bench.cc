// Latency of the IAM questions (is_public, is_cross_account, allows) per policy: every
// JSON policy under the given folders, each question timed on its own. Prints median,
// p99 and max per question kind, and the slowest policies. bench/iam/run.sh drives it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "iam/parse.h"
#include "iam/questions.h"

namespace fs = std::filesystem;
using kl::iam::Policy;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: kumolens_iam_bench DIR... (JSON policies)\n");
    return 2;
  }
  std::vector<std::pair<std::string, Policy>> policies;
  for (int i = 1; i < argc; ++i) {
    for (const auto& e : fs::recursive_directory_iterator(argv[i])) {
      if (e.path().extension() != ".json") continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      kl::model::Diagnostics d;
      auto p = kl::iam::parse_policy_json(ss.str(), kl::model::intern_file(e.path().string()), d);
      if (p) policies.emplace_back(e.path().string(), std::move(*p));
    }
  }
  kl::iam::ActionCatalog::builtin();  // built once, not timed
  // The latency budget (200 ms worst case) as the time limit: over it a question is Unknown,
  // and the counts below show how often that happens.
  kl::iam::QuestionOptions opts;
  opts.timeout_ms = 200;
  std::map<std::string, std::vector<double>> ms;
  std::vector<std::pair<double, std::string>> slowest;
  std::map<std::string, int> answers;
  std::vector<std::string> unknowns;  // which questions, and why: the tail to look at
  using clock = std::chrono::steady_clock;
  for (const auto& [name, p] : policies) {
    auto time = [&](const char* kind, auto&& f) {
      auto t0 = clock::now();
      kl::iam::QuestionResult r = f();
      double d = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
      ms[kind].push_back(d);
      slowest.push_back({d, std::string(kind) + " " + name});
      ++answers[std::string(kind) + " " + kl::iam::answer_name(r.answer)];
      if (r.answer == kl::iam::Answer::Unknown) unknowns.push_back(std::string(kind) + " " + name + ": " + r.reason);
    };
    time("public", [&] { return kl::iam::is_public(p, opts); });
    time("cross-account", [&] { return kl::iam::is_cross_account(p, "111122223333", opts); });
    time("allows", [&] { return kl::iam::allows(p, "s3:GetObject", "arn:aws:s3:::web-assets/index.html", opts); });
  }
  std::printf("%zu policies\n", policies.size());
  std::vector<double> all;
  for (auto& [kind, v] : ms) {
    all.insert(all.end(), v.begin(), v.end());
    std::sort(v.begin(), v.end());
    std::printf("%-14s n=%zu median=%.2f ms p99=%.2f ms max=%.2f ms\n", kind.c_str(), v.size(), v[v.size() / 2],
                v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back());
  }
  std::sort(all.begin(), all.end());
  if (!all.empty())
    std::printf("%-14s n=%zu median=%.2f ms p99=%.2f ms max=%.2f ms\n", "all", all.size(), all[all.size() / 2],
                all[std::min(all.size() - 1, all.size() * 99 / 100)], all.back());
  for (auto& [k, n] : answers) std::printf("  %s: %d\n", k.c_str(), n);
  std::sort(slowest.rbegin(), slowest.rend());
  for (size_t i = 0; i < std::min<size_t>(5, slowest.size()); ++i)
    std::printf("slow: %.1f ms %s\n", slowest[i].first, slowest[i].second.c_str());
  for (size_t i = 0; i < std::min<size_t>(10, unknowns.size()); ++i) std::printf("unknown: %s\n", unknowns[i].c_str());
  return 0;
}
