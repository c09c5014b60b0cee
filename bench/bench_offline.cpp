// Benchmark: the offline draft of a 3-hour talk (~250k characters; bar <= 300 ms in wasm), in English and in
// Chinese, with the default (WeChat) and the blog preset. Prints figures; asserts nothing. Built natively
// (preset bench) and, for the wasm figure, with emcc like bench_transcript (see scripts/bench.sh).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>
#include <vector>

#include "core/offline_draft.h"
#include "core/spec.h"
#include "core/transcript.h"

namespace {

// A deterministic pseudo-random sequence (the same transcript on every run and platform).
struct Lcg {
  unsigned state;
  unsigned Next(unsigned n) { state = state * 1103515245u + 12345u; return (state >> 16) % n; }
};

// A conversation of `chars` code points: two speakers, turns of one to five sentences, topics that change
// every ~15 minutes, each with its own vocabulary, mixed with common words.
std::string MakeEnglish(size_t chars) {
  static const char* kCommon[] = {"the", "a", "we", "think", "that", "is", "really", "about", "and", "so", "people", "when",
                                  "you", "have", "it", "was", "because", "what", "they", "of", "in", "to", "this", "with"};
  Lcg r{7};
  std::string s;
  int turn = 0;
  double t = 0;
  while (s.size() < chars) {
    const int topic = (int)(s.size() * 12 / chars);
    char head[64];
    std::snprintf(head, sizeof head, "[%d:%02d:%02d] %s: ", (int)t / 3600, (int)t / 60 % 60, (int)t % 60,
                  turn % 2 ? "Daniel Okafor" : "Maya Chen");
    s += head;
    const unsigned sentences = 1 + r.Next(5);
    for (unsigned k = 0; k < sentences; ++k) {
      const unsigned words = 6 + r.Next(20);
      for (unsigned w = 0; w < words; ++w) {
        std::string word;
        if (r.Next(3) == 0) {   // a topic word: one of 80 per topic, a few shared across topics
          const unsigned id = r.Next(10) == 0 ? r.Next(40) : 1000 + (unsigned)topic * 80 + r.Next(80);
          word = "w";
          for (unsigned x = id + 17; x; x /= 7) word += (char)('a' + x % 19);
        } else {
          word = kCommon[r.Next(sizeof kCommon / sizeof *kCommon)];
        }
        if (w == 0) word[0] = (char)(word[0] - 'a' + 'A');
        s += word;
        s += w + 1 == words ? (r.Next(6) == 0 ? "? " : ". ") : (r.Next(9) == 0 ? ", " : " ");
      }
    }
    s += "\n";
    t += 4 + r.Next(40);
    ++turn;
  }
  return s;
}

std::string MakeChinese(size_t chars) {
  static const char* kCommon[] = {"我们", "的", "是", "这个", "其实", "就是", "他们", "觉得", "因为", "所以", "可以", "一个", "在", "了"};
  static const char32_t kHan[] = U"数据模型市场用户产品平台公司技术投资增长成本价格团队客户资本能源电池芯片算法网络内容品牌渠道供应工厂政策监管城市教育医疗金融保险物流零售";
  const size_t han = sizeof kHan / sizeof *kHan - 1;
  Lcg r{11};
  std::string s;
  size_t cps = 0;
  int turn = 0;
  auto append = [&](char32_t c) {
    if (c < 0x800) { s += (char)(0xC0 | (c >> 6)); s += (char)(0x80 | (c & 0x3F)); }
    else { s += (char)(0xE0 | (c >> 12)); s += (char)(0x80 | ((c >> 6) & 0x3F)); s += (char)(0x80 | (c & 0x3F)); }
  };
  while (cps < chars) {
    const int topic = (int)(cps * 12 / chars);
    s += turn % 2 ? "周明远：" : "主持人：";
    const unsigned sentences = 1 + r.Next(5);
    for (unsigned k = 0; k < sentences; ++k) {
      const unsigned words = 5 + r.Next(12);
      for (unsigned w = 0; w < words; ++w) {
        if (r.Next(2) == 0) {   // a topic word: two characters from the topic's slice of the list
          const size_t base = (size_t)topic * 6 % han;
          append(kHan[(base + r.Next(10)) % han]);
          append(kHan[(base + r.Next(10)) % han]);
          cps += 2;
        } else {
          const char* c = kCommon[r.Next(sizeof kCommon / sizeof *kCommon)];
          s += c;
          cps += std::string(c).size() / 3;
        }
      }
      s += r.Next(6) == 0 ? "？" : "。";
      ++cps;
    }
    s += "\n";
    ++turn;
  }
  return s;
}

void Run(const char* name, const std::string& input, const char* preset) {
  const tp::Transcript t = tp::ParseTranscript(input);
  const tp::ArticleSpec spec = tp::FindPreset(preset)->spec;
  // Wall time, and CPU time (the figure that holds on a busy machine: the draft is single-threaded).
  std::vector<double> ms, cpu;
  size_t bytes = 0;
  for (int rep = 0; rep < 7; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    const tp::OfflineDraft d = tp::BuildOfflineDraft(t, spec);
    const std::clock_t c1 = std::clock();
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    cpu.push_back(1000.0 * (double)(c1 - c0) / CLOCKS_PER_SEC);
    bytes = d.markdown.size();
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  size_t cps = 0;
  for (unsigned char c : input) cps += (c & 0xC0) != 0x80;
  std::printf("%-8s %-20s %7zu chars %5zu turns -> %6zu B Markdown  wall median %6.1f ms min %6.1f ms  cpu median %6.1f ms\n",
              name, preset, cps, t.turns.size(), bytes, ms[ms.size() / 2], ms[0], cpu[cpu.size() / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  // Optional argument: "en" or "zh" for one language only.
  const std::string only = argc > 1 ? argv[1] : "";
  std::printf("offline draft of a 3-hour talk (~250k characters), 7 runs each\n");
  if (only != "zh") {
    const std::string en = MakeEnglish(250000);
    Run("english", en, "wechat_long_read_zh");
    Run("english", en, "blog_post_en");
  }
  if (only != "en") {
    const std::string zh = MakeChinese(250000);
    Run("chinese", zh, "wechat_long_read_zh");
    Run("chinese", zh, "show_notes_en");
  }
  return 0;
}
