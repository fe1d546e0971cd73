// Option value checks (see option_checks.hpp).
#include "cli/option_checks.hpp"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace svcsim::cli {

CLI::Validator not_empty(const char* example) {
  return CLI::Validator(
      [example](std::string& value) {
        return value.empty() ? std::string("the value is empty; expected e.g. ") + example : std::string();
      },
      "", "not empty");
}

CLI::Validator whole_number(std::uint64_t least, std::uint64_t most) {
  return CLI::Validator(
      [least, most](std::string& value) {
        std::uint64_t n = 0;
        const char* end = value.data() + value.size();
        const auto [ptr, ec] = std::from_chars(value.data(), end, n);
        const bool digits = !value.empty() && value.front() != '-' && value.front() != '+';
        if (!digits || ec != std::errc{} || ptr != end || n < least || n > most)
          return fmt::format("'{}' is not a whole number from {} to {}", value, least, most);
        return std::string();
      },
      "", "whole number");
}

}  // namespace svcsim::cli
