// What the writing steps know besides the prose, handed to the verifier (core/checks.h) and never shown
// to readers: each quotation's source turn and original words, the turns each section drew on and
// cited, the glossary of names and terms with their renderings, and the turns left out on purpose
// (sponsor reads, housekeeping, small talk). The pipeline fills it; the offline draft fills it too
// (every sentence verbatim); an article the user edited is matched against it by quote text.
#pragma once

#include <string>
#include <vector>

namespace tp {

struct GlossaryEntry {
  std::string source;          // as said in the transcript ("Elon Musk", "xAI", "ECLSS")
  std::string rendering;       // in the output language ("马斯克"); equal to source when kept as is
  std::string kind;            // "person", "organization", "product", "term", "place", ""
  std::string note;            // optional: ASR correction ("heard as 'Grok' -> 'Groq'"), role
};
using Glossary = std::vector<GlossaryEntry>;

struct QuoteEvidence {
  std::string rendered;        // the quotation as the article shows it (output language)
  std::string original;        // the speaker's exact words in the transcript's language ("" if unknown)
  int turn_id = 0;             // the cited turn (0: none given)
  std::string speaker;         // the speaker the article attributes it to (display name; "" unnamed)
  int section = -1;            // index of the body section (-1: lead, highlights, intro, conclusion)
};

struct SectionEvidence {
  std::string heading;
  std::vector<int> source_turn_ids;   // turns the section was given to write from
  std::vector<int> cited_turn_ids;    // turns it actually cited or used
  std::vector<QuoteEvidence> quotes;
};

struct ArticleEvidence {
  std::vector<SectionEvidence> sections;          // body sections, in article order
  std::vector<QuoteEvidence> front_quotes;        // quotes in lead, highlights, introduction, conclusion
  std::vector<int> highlight_turn_ids;            // a source turn per highlight, in order (0: unknown)
  Glossary glossary;
  std::vector<int> excluded_turn_ids;             // not substantive: ads, housekeeping, small talk
  std::vector<int> dialogue_turn_ids;             // turns the dialogue rendered, in order ([] if off)
  bool extractive = false;                        // offline draft: every sentence is verbatim
  std::vector<int> introduction_turn_ids;         // turns the introduction drew on
  std::vector<int> conclusion_turn_ids;           // turns the conclusion drew on
};

}  // namespace tp
