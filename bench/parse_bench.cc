// Parse throughput of the YAML and JSON readers (MB/s of CPU time, so that a busy machine
// does not skew it), each file parsed repeatedly into a Value tree with positions. Usage: kumolens_parse_bench [--min-seconds S] FILE...
#include <simdjson.h>

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "load/json_reader.h"
#include "load/line_index.h"
#include "load/yaml_reader.h"

namespace od = simdjson::ondemand;

/// Seconds of CPU time this process has used.
double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// simdjson alone: the same On-Demand walk as json_reader.cc (strings unescaped, numbers
/// parsed, token offsets read) without building Values or positions. Returns a checksum.
size_t raw_walk(od::value v) {
  size_t n = 0;
  switch (v.type().value_unsafe()) {
    case od::json_type::object:
      for (auto field : v.get_object().value_unsafe()) {
        n += field.unescaped_key().value_unsafe().size();
        n += raw_walk(field.value());
      }
      return n + 1;
    case od::json_type::array:
      for (auto item : v.get_array().value_unsafe()) n += raw_walk(item.value_unsafe());
      return n + 1;
    case od::json_type::string:
      return v.get_string().value_unsafe().size() + 1;
    case od::json_type::number:
      return static_cast<size_t>(v.get_double().value_unsafe()) + v.raw_json_token().size();
    case od::json_type::boolean:
      return v.get_bool().value_unsafe() ? 2 : 1;
    case od::json_type::null:
      return v.is_null().value_unsafe() ? 1 : 0;
  }
  return 0;
}

int main(int argc, char** argv) {
  double min_seconds = 2.0;
  int first = 1;
  if (argc > 2 && std::string(argv[1]) == "--min-seconds") {
    min_seconds = std::atof(argv[2]);
    first = 3;
  }
  // On-Demand (stage 2) is compiled into this file for the build's target ISA; stage 1 is
  // chosen at run time inside libsimdjson.
  std::printf("simdjson On-Demand (stage 2) kernel: %s\n",
              SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION));
  std::printf("simdjson stage 1 kernel: %s\n",
              simdjson::get_active_implementation()->name().c_str());
  for (int i = first; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    std::string name = argv[i];
    bool json = name.size() > 5 && name.substr(name.size() - 5) == ".json";
    kl::model::FileId file = kl::model::intern_file(name);
    size_t runs = 0;
    if (json) {
      // simdjson alone, and simdjson plus the newline index, for comparison.
      simdjson::padded_string buf(text);
      od::parser parser;
      for (int mode = 0; mode < 2; ++mode) {
        size_t n = 0, sum = 0;
        double t0 = cpu_seconds();
        double secs = 0;
        do {
          auto doc = parser.iterate(buf).value_unsafe();
          sum += raw_walk(doc.get_value().value_unsafe());
          if (mode == 1) sum += kl::load::LineIndex(text).at(text.size() / 2).first;
          ++n;
          secs = cpu_seconds() - t0;
        } while (secs < min_seconds / 2);
        std::printf("%-40s %8.2f MB  %5zu runs  %8.1f MB/s  (%s; checksum %zu)\n", name.c_str(),
                    static_cast<double>(text.size()) / 1e6, n,
                    static_cast<double>(text.size()) * static_cast<double>(n) / 1e6 / secs,
                    mode == 0 ? "simdjson walk only" : "simdjson walk + line index", sum % 1000);
      }
    }
    double start = cpu_seconds();
    double elapsed = 0;
    do {
      kl::model::Diagnostics diags;
      auto v = json ? kl::load::parse_json(text, file, diags) : kl::load::parse_yaml(text, file, diags);
      if (!v) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), diags.empty() ? "failed" : diags[0].str().c_str());
        return 1;
      }
      ++runs;
      elapsed = cpu_seconds() - start;
    } while (elapsed < min_seconds);
    double mb = static_cast<double>(text.size()) * static_cast<double>(runs) / 1e6;
    std::printf("%-40s %8.2f MB  %5zu runs  %8.1f MB/s  (%s)\n", name.c_str(),
                static_cast<double>(text.size()) / 1e6, runs, mb / elapsed,
                json ? "json_reader: Values with positions" : "yaml_reader: Values with positions");
  }
  return 0;
}
