// Helpers shared by the unit tests: fixture loading, made-up binary files.
#pragma once

#include <cstdint>
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

// `bytes` bytes that start with `magic` and go on as compressed or random data does (xorshift, fixed seed).
inline std::string NoiseBytes(size_t bytes, const std::string& magic) {
  std::string s = magic;
  uint32_t x = 2463534242u;
  while (s.size() < bytes) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s += (char)(x & 255);
  }
  return s;
}

}  // namespace tp::test
