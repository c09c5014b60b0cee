// Benchmark: parse + chunk a 1 MB transcript (target <= 10 ms), in several formats. Prints figures;
// asserts nothing. Built natively (preset bench) and, for the wasm figure, with emcc (scripts/bench.sh).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/transcript.h"

namespace {
std::string MakeSpeaker(size_t bytes) {
  std::string s;
  int i = 0;
  while (s.size() < bytes) {
    s += "[" + std::to_string(i / 3600) + ":" + (i / 60 % 60 < 10 ? "0" : "") + std::to_string(i / 60 % 60) + ":" +
         (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "] ";
    s += (i % 2) ? "Daniel Okafor: " : "Maya Chen: ";
    s += "Because a model trained on last year's internet is a very good historian and a very poor reporter. "
         "If you ask it what happened this morning, it has to guess.\n";
    i += 7;
  }
  return s;
}
std::string MakeSrt(size_t bytes) {
  std::string s;
  int i = 1;
  while (s.size() < bytes) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%d\n00:%02d:%02d,000 --> 00:%02d:%02d,500\n", i, (i / 60) % 60, i % 60, (i / 60) % 60, i % 60);
    s += buf;
    s += "The companies that can feed fresh information\ninto a model will build products that feel alive.\n\n";
    ++i;
  }
  return s;
}
std::string MakeChinese(size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += "发言人1：未来的大模型将不再局限于单一的应用场景，而是会深度嵌入到各种不同的应用中。\n发言人2：这种实时信息的整合能力非常关键。\n";
  return s;
}

void Run(const char* name, const std::string& input) {
  const int reps = 20;
  std::vector<double> ms;
  size_t turns = 0, chunks = 0;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    tp::Transcript t = tp::ParseTranscript(input);
    std::vector<tp::Chunk> c = tp::ChunkTranscript(t, 6000);
    auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    turns = t.turns.size();
    chunks = c.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-22s %7.2f MB  %7zu turns  %4zu chunks  median %7.2f ms  min %7.2f ms\n", name, input.size() / 1048576.0,
              turns, chunks, ms[ms.size() / 2], ms[0]);
}
}  // namespace

int main() {
  std::printf("parse + chunk (6000-token chunks), 20 runs each\n");
  Run("speaker+timestamps", MakeSpeaker(1 << 20));
  Run("srt", MakeSrt(1 << 20));
  Run("chinese speaker", MakeChinese(1 << 20));
  return 0;
}
