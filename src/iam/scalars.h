#pragma once
// Condition values as IAM reads them: IP addresses and CIDR blocks (v4 and v6), dates
// (ISO 8601 or epoch seconds), numbers. Shared by the evaluator and the solver encoding.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kl::iam {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  ///< v4 uses the first 4
  int bits() const { return v6 ? 128 : 32; }
  std::string str() const;
};

struct Cidr {
  IpAddress base;  ///< host bits cleared
  int prefix = 0;  ///< 0..32 or 0..128
  bool contains(const IpAddress& ip) const;
};

/// "203.0.113.7", "2001:db8::1"; nullopt when not an address.
std::optional<IpAddress> parse_ip(std::string_view s);
/// "203.0.113.0/24", "2001:db8::/32", or a bare address (= /32, /128).
std::optional<Cidr> parse_cidr(std::string_view s);

/// Seconds since the epoch: "2026-11-23", "2026-11-23T10:00:00Z", "...+09:00", "1700000000".
std::optional<int64_t> parse_date(std::string_view s);
/// A decimal number as IAM's Numeric operators accept it.
std::optional<double> parse_number(std::string_view s);

}  // namespace kl::iam
