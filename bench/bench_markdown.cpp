// Benchmark: a 200 KB article (Chinese long read with English names, lists, quotes, links, a dialogue
// code block) through Markdown -> document model, compared with cmark's own HTML rendering of the same
// text (target: model <= 2x cmark), the HTML export, and line breaking of the whole document at two
// widths. Prints figures, asserts nothing. Lines starting with "@ " are read by scripts/bench.sh.
// Natively each run is timed in thread CPU time, so a busy machine (other builds) does not inflate the
// figures; under Node (wasm) in wall time, where the minimum is the figure to trust on a busy machine.
#include <cmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "core/linebreak.h"
#include "core/markdown.h"
#include "core/utf8.h"

namespace {

std::string MakeArticle(size_t bytes) {
  std::string s = "# 实时数据会成为下一代大模型的护城河吗？🚀\n\n"
                  "> 当模型训练在去年的互联网上，它是一个很好的历史学家，却是一个很差的记者。本文整理自 Maya Chen 与 "
                  "Daniel Okafor 的对话。\n\n## 亮点\n\n";
  for (int i = 1; i <= 6; ++i)
    s += "- **要点 " + std::to_string(i) + "**：实时信息整合能力决定了产品体验，*Latency* 下降了 " + std::to_string(i * 7) +
         "%。\n";
  int section = 0;
  while (s.size() < bytes) {
    ++section;
    s += "\n## 第" + std::to_string(section) + "部分：从 Signal 到 Noise 的距离\n\n";
    for (int p = 0; p < 3; ++p) {
      s += "未来的大模型将不再局限于单一的应用场景，而是会深度嵌入到各种不同的应用中。正如 Daniel Okafor 所说，"
           "“If you ask it what happened this morning, it has to guess.” 这意味着**数据管道**比参数规模更重要，"
           "详见 [原文](https://example.com/ep42?t=" + std::to_string(section * 60 + p) + ") 与 `fresh_index`。"
           "The companies that can feed fresh information into a model will build products that feel alive, "
           "and *everyone else* will be selling encyclopedias.\n\n";
    }
    s += "> 引用：这种实时信息的整合能力非常关键。\n\n1. 第一步：收集\n2. 第二步：清洗\n   - 嵌套条目 with English\n\n";
  }
  s += "\n## 详细对话\n\n```\n";
  for (int i = 0; i < 40; ++i) s += (i % 2 ? "Daniel Okafor：" : "Maya Chen：") + std::string("我们每天都会重新训练检索索引。\n");
  s += "```\n\n_原链接：https://example.com/ep42_\n";
  return s;
}

double NowMs() {
#if defined(__EMSCRIPTEN__)
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
#else
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
#endif
}

template <class F>
std::vector<double> Time(int reps, F&& f) {
  std::vector<double> ms;
  for (int r = 0; r < reps; ++r) {
    const double t0 = NowMs();
    f();
    ms.push_back(NowMs() - t0);
  }
  std::sort(ms.begin(), ms.end());
  return ms;
}

double Median(const std::vector<double>& v) { return v[v.size() / 2]; }

// Fixed advances in CSS px at a 16 px body font: narrow 8.5, wide (CJK, emoji) 16; bold 5% wider.
float Advance(char32_t c, int style) {
  float w = (tp::utf8::IsWide(c) || c >= 0x1F000) ? 16.0f : 8.5f;
  return (style & tp::kBold) ? w * 1.05f : w;
}

size_t LayoutAll(const tp::MdDocument& doc, float width) {
  size_t lines = 0;
  std::vector<tp::LayoutRun> runs;
  for (const tp::MdBlock& b : doc.blocks) {
    runs.clear();
    for (const tp::MdRun& r : b.runs) runs.push_back({r.text, r.style});
    lines += tp::BreakLines(runs, width - 24.0f * (b.quote_depth + b.list_depth), Advance).size();
  }
  return lines;
}

}  // namespace

int main() {
  const std::string md = MakeArticle(200 * 1024);
  const int reps = 15;
#if defined(__EMSCRIPTEN__)
  const char* clock_name = "wall time";
#else
  const char* clock_name = "thread CPU time";
#endif
  std::printf("article: %.0f KB Markdown, %d runs each (median, min; %s)\n", md.size() / 1024.0, reps, clock_name);

  size_t blocks = 0;
  auto model = Time(reps, [&] { blocks = tp::ParseMarkdown(md).blocks.size(); });
  size_t html_bytes = 0;
  auto cmark = Time(reps, [&] {
    char* html = cmark_markdown_to_html(md.data(), md.size(), CMARK_OPT_VALIDATE_UTF8);
    html_bytes = std::strlen(html);
    std::free(html);
  });
  size_t export_bytes = 0;
  auto exported = Time(reps, [&] { export_bytes = tp::ExportHtml(md, "Article").size(); });

  std::printf("markdown -> document model   median %7.2f ms  min %7.2f ms  (%zu blocks)\n", Median(model), model[0], blocks);
  std::printf("cmark's own HTML rendering   median %7.2f ms  min %7.2f ms  (%zu bytes)\n", Median(cmark), cmark[0], html_bytes);
  std::printf("model / cmark HTML           %7.2fx by median, %.2fx by min (target <= 2x)\n", Median(model) / Median(cmark),
              model[0] / cmark[0]);
  std::printf("sanitised HTML export        median %7.2f ms  min %7.2f ms  (%zu bytes)\n", Median(exported), exported[0],
              export_bytes);
  std::printf("@ md_model_200k_ms %.3f ms\n@ md_model_200k_min_ms %.3f ms\n@ cmark_html_200k_ms %.3f ms\n"
              "@ cmark_html_200k_min_ms %.3f ms\n@ md_model_vs_cmark %.3f x\n@ md_model_vs_cmark_by_min %.3f x\n@ export_html_200k_ms %.3f ms\n",
              Median(model), model[0], Median(cmark), cmark[0], Median(model) / Median(cmark), model[0] / cmark[0], Median(exported));

  const tp::MdDocument doc = tp::ParseMarkdown(md);
  for (float width : {480.0f, 960.0f}) {
    size_t lines = 0;
    auto layout = Time(reps, [&] { lines = LayoutAll(doc, width); });
    std::printf("layout at %4.0f px             median %7.2f ms  min %7.2f ms  (%zu lines)\n", width, Median(layout),
                layout[0], lines);
    std::printf("@ layout_200k_%dpx_ms %.3f ms\n@ layout_200k_%dpx_min_ms %.3f ms\n", (int)width, Median(layout), (int)width, layout[0]);
  }
  return 0;
}
