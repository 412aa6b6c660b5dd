#include "rules/lambda_runtimes.h"

#include <cstdlib>
#include <ctime>
#include <string>

#include "rules/access.h"

namespace kl::rules {

namespace {

// Deprecation dates of Lambda managed runtimes, checked on kRuntimeTableDate against AWS's
// runtime table and AWS Health notices. Dates after that day are AWS's announced schedule
// (they may move; the rule starts reporting on the day itself). Dates as AWS publishes them:
//  - AL1 runtimes (java8, go1.x, provided) and everything up to nodejs16.x / python3.8 are
//    long deprecated;
//  - nodejs18.x 2025-09-01, python3.9 2025-12-15, ruby3.2 2026-03-31, nodejs20.x 2026-04-30,
//    provided.al2 2026-07-31, python3.10 2026-10-31, dotnet8 2026-11-10;
//  - AWS extended the AL2-based java8.al2, java11, java17 and python3.11 by a year, to
//    2027-06-30, when Amazon Linux 2 reached its end of life;
//  - the current runtimes carry AWS's projected dates (Amazon Linux 2023 ends 2029-06-30).
constexpr RuntimeDeprecation kTable[] = {
    {"nodejs", "2016-10-31", "nodejs24.x"},
    {"nodejs4.3", "2020-03-05", "nodejs24.x"},
    {"nodejs4.3-edge", "2020-03-05", "nodejs24.x"},
    {"nodejs6.10", "2019-08-12", "nodejs24.x"},
    {"nodejs8.10", "2020-03-06", "nodejs24.x"},
    {"nodejs10.x", "2021-07-30", "nodejs24.x"},
    {"nodejs12.x", "2023-03-31", "nodejs24.x"},
    {"nodejs14.x", "2023-12-04", "nodejs24.x"},
    {"nodejs16.x", "2024-06-12", "nodejs24.x"},
    {"nodejs18.x", "2025-09-01", "nodejs24.x"},
    {"nodejs20.x", "2026-04-30", "nodejs24.x"},
    {"nodejs22.x", "2027-04-30", "nodejs24.x"},
    {"nodejs24.x", "2028-04-30", "a newer Node.js runtime"},
    {"python2.7", "2021-07-15", "python3.14"},
    {"python3.6", "2022-07-18", "python3.14"},
    {"python3.7", "2023-12-04", "python3.14"},
    {"python3.8", "2024-10-14", "python3.14"},
    {"python3.9", "2025-12-15", "python3.14"},
    {"python3.10", "2026-10-31", "python3.14"},
    {"python3.11", "2027-06-30", "python3.14"},
    {"python3.12", "2028-10-31", "python3.14"},
    {"python3.13", "2029-06-30", "a newer Python runtime"},
    {"python3.14", "2029-06-30", "a newer Python runtime"},
    {"java8", "2024-01-08", "java21"},
    {"java8.al2", "2027-06-30", "java21"},
    {"java11", "2027-06-30", "java21"},
    {"java17", "2027-06-30", "java21"},
    {"java21", "2029-06-30", "java25"},
    {"java25", "2029-06-30", "a newer Java runtime"},
    {"dotnetcore1.0", "2019-06-27", "dotnet10"},
    {"dotnetcore2.0", "2019-05-30", "dotnet10"},
    {"dotnetcore2.1", "2022-01-05", "dotnet10"},
    {"dotnetcore3.1", "2023-04-03", "dotnet10"},
    {"dotnet5.0", "2022-05-10", "dotnet10"},
    {"dotnet6", "2024-12-20", "dotnet10"},
    {"dotnet7", "2024-05-14", "dotnet10"},
    {"dotnet8", "2026-11-10", "dotnet10"},
    {"dotnet10", "2028-11-14", "a newer .NET runtime"},
    {"ruby2.5", "2021-07-30", "ruby3.4"},
    {"ruby2.7", "2023-12-07", "ruby3.4"},
    {"ruby3.2", "2026-03-31", "ruby3.4"},
    {"ruby3.3", "2027-03-31", "ruby3.4"},
    {"ruby3.4", "2028-03-31", "a newer Ruby runtime"},
    {"go1.x", "2024-01-08", "provided.al2023"},
    {"provided", "2024-01-08", "provided.al2023"},
    {"provided.al2", "2026-07-31", "provided.al2023"},
    {"provided.al2023", "2029-06-30", "a newer OS-only runtime"},
};

bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}

}  // namespace

std::optional<RuntimeDeprecation> runtime_deprecation(std::string_view runtime) {
  for (const RuntimeDeprecation& row : kTable)
    if (iequals(row.runtime, runtime)) return row;
  return std::nullopt;
}

bool runtime_deprecated_on(std::string_view runtime, std::string_view today) {
  auto row = runtime_deprecation(runtime);
  // YYYY-MM-DD strings compare like the dates they spell.
  return row && valid_date(today) && row->deprecated <= today;
}

std::string_view today_utc() {
  static const std::string today = [] {
    if (const char* env = std::getenv("KUMOLENS_TODAY"); env && valid_date(env)) return std::string(env);
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return std::string(buf);
  }();
  return today;
}

}  // namespace kl::rules
