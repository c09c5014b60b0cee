// Helpers shared by the unit tests: fixture loading.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace tp::test {

inline std::string ReadFile(const std::string& relative_to_repo) {
  std::ifstream f(std::string(TP_SOURCE_DIR) + "/" + relative_to_repo, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string Fixture(const std::string& name) { return ReadFile("tests/fixtures/" + name); }

}  // namespace tp::test
