// Deterministic article assembly (spec + generated content -> Markdown, no LLM involved) and the skeleton
// preview shown before generating. The structure checker is in core/checks.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/spec.h"

namespace tp {

struct ArticleContent {
  struct Part {
    std::string subtitle;
    std::string body;         // Markdown paragraphs separated by blank lines
  };
  struct Section {
    std::string heading;
    std::string body;
    double start = -1;        // seconds, for timestamps in headings
  };
  struct Quote {
    std::string text;
    std::string speaker;
    int turn_id = 0;
    double start = -1;
  };
  struct Link {
    std::string title;
    std::string url;
  };
  struct DialogueLine {
    std::string speaker;
    double start = -1;
    std::string text;
    bool untranslated = false;   // left in the transcript's words: its part failed (a note is shown above the run)
  };

  std::string title;
  std::string emoji;          // one emoji for the title, placed per spec
  std::string lead;
  std::vector<std::string> highlights;
  Part introduction;
  std::vector<Section> sections;
  std::vector<Quote> quotes;
  Part conclusion;
  std::vector<Link> links;
  std::vector<DialogueLine> dialogue;
  std::string source_url;
};

std::string AssembleMarkdown(const ArticleSpec& spec, const ArticleContent& content);

// One line of the skeleton preview: the headings (and lead/source lines) the spec will produce.
struct SkeletonItem {
  int level = 2;              // 1 title, 2 section heading, 0 a non-heading line (lead, source)
  std::string text;
  bool placeholder = false;   // the text describes what the model will write
};
std::vector<SkeletonItem> Skeleton(const ArticleSpec& spec);

// Counts of characters that exist only in Traditional (resp. Simplified) Chinese, for spotting a
// script mix-up.
struct ChineseScriptCounts { size_t traditional_only = 0, simplified_only = 0; };
ChineseScriptCounts CountChineseScripts(std::string_view utf8);

}  // namespace tp
