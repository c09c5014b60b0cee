// The offline draft: sentence splitting and terms, topic boundaries against hand-labelled topic changes
// (tests/fixtures/offline/topics.json), nothing invented, the presets' structure, determinism, evidence,
// dialogue, and pathological inputs.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/checks.h"
#include "core/embedded_assets.h"
#include "core/offline_draft.h"
#include "core/segment.h"
#include "core/spec.h"
#include "core/text_util.h"
#include "core/transcript.h"
#include "core/utf8.h"
#include "doctest/doctest.h"
#include "nlohmann/json.hpp"
#include "test_util.h"

using namespace tp;

namespace {

ArticleSpec PresetSpec(const char* id) {
  const Preset* p = FindPreset(id);
  REQUIRE(p != nullptr);
  return p->spec;
}

std::vector<std::string> Texts(std::string_view text, const std::vector<seg::Span>& spans) {
  std::vector<std::string> out;
  for (const seg::Span& s : spans) out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

// True when `piece` is a verbatim part of some turn (whitespace collapsed the way the draft shows it).
struct Source {
  std::vector<std::string> turns;
  explicit Source(const Transcript& t) {
    for (const Turn& turn : t.turns) turns.push_back(seg::CollapseWhitespace(turn.text));
  }
  bool Has(const std::string& piece) const {
    return std::any_of(turns.begin(), turns.end(), [&](const std::string& s) { return s.find(piece) != std::string::npos; });
  }
  bool TurnHas(const Transcript& t, int id, const std::string& piece) const {
    for (size_t i = 0; i < t.turns.size(); ++i)
      if (t.turns[i].id == id) return turns[i].find(piece) != std::string::npos;
    return false;
  }
};

// The quoted runs of a body written as "**Name**: “run” … “run”" paragraphs.
std::vector<std::string> QuotedRuns(const std::string& body, std::string* outside) {
  std::vector<std::string> runs;
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"“", "”"}, {"「", "」"}}) {
    size_t p = 0;
    while ((p = body.find(open, p)) != std::string::npos) {
      const size_t e = body.find(close, p + open.size());
      if (e == std::string::npos) break;
      // A run may itself hold quotation marks: take the last close before the next paragraph or run.
      size_t end = e;
      const size_t next_para = body.find("\n\n", p);
      const size_t next_run = body.find(close + " … " + open, p);
      const size_t next_run_cjk = body.find(close + "……" + open, p);
      size_t limit = std::min({next_para, next_run, next_run_cjk});
      if (limit == std::string::npos) limit = body.size();
      for (size_t c = body.find(close, e + close.size()); c != std::string::npos && c + close.size() <= limit;
           c = body.find(close, c + close.size()))
        end = c;
      runs.push_back(body.substr(p + open.size(), end - p - open.size()));
      if (outside) *outside += body.substr(0, p);
      p = end + close.size();
    }
  }
  return runs;
}

// Every sentence the draft shows outside the dialogue comes verbatim from the transcript, and the evidence
// records each with its turn.
void ExpectNothingInvented(const Transcript& t, const OfflineDraft& d) {
  const Source src(t);
  CHECK(d.evidence.extractive);
  auto check_body = [&](const std::string& body) {
    if (text::Trim(body).empty()) return;
    const std::vector<std::string> runs = QuotedRuns(body, nullptr);
    CHECK_MESSAGE(!runs.empty(), body);
    for (const std::string& r : runs) CHECK_MESSAGE(src.Has(r), r);
  };
  for (const auto& s : d.content.sections) check_body(s.body);
  check_body(d.content.introduction.body);
  check_body(d.content.conclusion.body);
  for (const seg::Span& s : seg::SplitSentences(d.content.lead)) {
    std::string sentence = d.content.lead.substr(s.begin, s.end - s.begin);
    // The draft's own separator between two unpunctuated passages is not part of either.
    for (const char* sep : {" …", "……"})
      if (text::EndsWith(sentence, sep)) sentence.resize(sentence.size() - std::string(sep).size());
    CHECK_MESSAGE(src.Has(sentence), sentence);
  }
  for (const std::string& h : d.content.highlights) CHECK_MESSAGE(src.Has(h), h);
  for (const auto& q : d.content.quotes) CHECK_MESSAGE(src.TurnHas(t, q.turn_id, q.text), q.text);
  std::vector<QuoteEvidence> all = d.evidence.front_quotes;
  for (const SectionEvidence& s : d.evidence.sections) all.insert(all.end(), s.quotes.begin(), s.quotes.end());
  for (const QuoteEvidence& q : all) {
    CHECK(q.rendered == q.original);
    CHECK_MESSAGE(src.TurnHas(t, q.turn_id, q.original), "T", q.turn_id, ": ", q.original);
  }
}

// Level-2 headings of a Markdown article, in order.
std::vector<std::string> H2(const std::string& md) {
  std::vector<std::string> out;
  bool fence = false;
  for (std::string_view l : text::SplitLines(md)) {
    if (text::StartsWith(l, "```")) fence = !fence;
    if (!fence && text::StartsWith(l, "## ")) out.emplace_back(l.substr(3));
  }
  return out;
}

struct Labelled {
  std::string file;
  std::vector<int> topic_starts;
};

std::vector<Labelled> LabelledFixtures() {
  const nlohmann::json j = nlohmann::json::parse(test::Fixture("offline/topics.json"), nullptr, false);
  REQUIRE(j.is_object());
  std::vector<Labelled> out;
  for (const auto& [file, v] : j.items()) {
    if (!v.is_object()) continue;
    out.push_back({file, v["topic_starts"].get<std::vector<int>>()});
  }
  REQUIRE(out.size() >= 2);
  return out;
}

// First turn of each body section after the first: where the draft says the topic changes.
std::vector<int> DraftBoundaries(const OfflineDraft& d) {
  std::vector<int> out;
  for (size_t s = 1; s < d.evidence.sections.size(); ++s) {
    REQUIRE(!d.evidence.sections[s].source_turn_ids.empty());
    out.push_back(d.evidence.sections[s].source_turn_ids.front());
  }
  return out;
}

// Labelled boundaries found within `tolerance` turns (each found boundary matches one label at most).
int Hits(std::vector<int> labels, std::vector<int> found, int tolerance) {
  int hits = 0;
  for (int l : labels) {
    for (size_t k = 0; k < found.size(); ++k) {
      if (std::abs(found[k] - l) <= tolerance) {
        ++hits;
        found.erase(found.begin() + (long)k);
        break;
      }
    }
  }
  return hits;
}

ArticleSpec WithSections(ArticleSpec spec, int sections) {
  spec.section_headings.clear();
  spec.section_count = sections;
  return spec;
}

}  // namespace

TEST_CASE("sentences: Latin and CJK end marks, abbreviations, decimals, noise marks") {
  struct Case { const char* text; std::vector<std::string> sentences; };
  const Case cases[] = {
      {"Dr. Smith arrived at 9.30 today. He left!", {"Dr. Smith arrived at 9.30 today.", "He left!"}},
      {"Really?! Yes... fine.", {"Really?!", "Yes...", "fine."}},
      {"We met J. R. Smith, e.g. at work. Then home.", {"We met J. R. Smith, e.g. at work.", "Then home."}},
      {"你好。我很好！真的吗？好", {"你好。", "我很好！", "真的吗？", "好"}},
      {"他说：“太好了。”然后走了。", {"他说：“太好了。”", "然后走了。"}},
      {"[Music] Hello there. (laughs) Fine [applause]", {"Hello there.", "Fine"}},
      {"Version 2.0 is out. The U.S. team won.", {"Version 2.0 is out.", "The U.S. team won."}},
      {"   ", {}},
      {"...", {}},
      {"こんにちは。元気です。", {"こんにちは。", "元気です。"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(Texts(c.text, seg::SplitSentences(c.text)) == c.sentences);
  }
}

TEST_CASE("sentences: a run with no end mark is cut at commas, spaces, or anywhere, and stays verbatim") {
  std::string latin;
  for (int i = 0; i < 2000; ++i) latin += "word" + std::to_string(i % 37) + (i % 23 == 22 ? ", " : " ");
  std::string cjk;
  for (int i = 0; i < 3000; ++i) cjk += "数据";
  for (const std::string& s : {latin, cjk}) {
    const auto spans = seg::SplitSentences(s, 200);
    REQUIRE(spans.size() > 5);
    size_t covered = 0;
    for (const seg::Span& sp : spans) {
      CHECK(sp.end > sp.begin);
      CHECK(utf8::CountCodePoints(s.substr(sp.begin, sp.end - sp.begin)) <= 201);
      CHECK(sp.begin >= covered);
      covered = sp.end;
    }
    CHECK(covered + 2 >= text::Trim(s).size());
  }
}

TEST_CASE("terms: stop words, plurals and names for English; bigrams without function characters for Chinese") {
  seg::Vocabulary v;
  std::vector<int> ids;
  seg::AppendTerms("The models and the model: I think OpenAI really matters.", seg::ListsFor("en"), v, &ids);
  std::vector<std::string> terms;
  for (int id : ids) terms.push_back(v.Term(id));
  CHECK(terms == std::vector<std::string>{"model", "model", "openai", "matter"});
  CHECK(v.Display(ids[2]) == "OpenAI");

  seg::Vocabulary z;
  std::vector<int> zi;
  seg::AppendTerms("我们的咖啡豆是云南的。", seg::ListsFor("zh"), z, &zi);
  std::vector<std::string> zt;
  for (int id : zi) zt.push_back(z.Term(id));
  CHECK(zt == std::vector<std::string>{"咖啡", "啡豆", "云南"});

  CHECK(seg::TermLanguage("Because a model trained on last year's internet is a very good historian.") == "en");
  CHECK(seg::TermLanguage("未来的大模型将不再局限于单一的应用场景。") == "zh");
  CHECK(seg::TermLanguage("これはペンです。モデルの話をしましょう。") == "ja");
  CHECK(seg::ContainsPhrase("Thanks for having me, Maya.", seg::ListsFor("en").housekeeping));
  CHECK_FALSE(seg::ContainsPhrase("Subscribers grew fast.", {"subscribe"}));
}

TEST_CASE("word lists: every shipped language has its lists and templates, and is recognised") {
  int languages = 0;
  for (const EmbeddedAsset& a : EmbeddedAssets()) {
    if (!text::StartsWith(a.path, "language/")) continue;
    const std::string code(a.path.substr(9, a.path.size() - 13));
    CAPTURE(code);
    const seg::LanguageLists& l = seg::ListsFor(code);
    CHECK(l.code == code);
    CHECK(l.stop.size() >= 20);
    CHECK(!l.housekeeping.empty());
    CHECK(!l.sponsor.empty());
    CHECK(!l.claims.empty());
    CHECK(!l.numbers.empty());
    for (const char* key : {"list", "and", "title.question", "title.statement", "title.hook", "section", "note"}) CHECK_MESSAGE(!l.Text(key).empty(), key);
    for (const char* key : {"title.question", "title.statement", "title.hook"}) CHECK(l.Text(key).find("{terms}") != std::string::npos);
    CHECK(l.Text("section").find("{n}") != std::string::npos);
    ++languages;
  }
  CHECK(languages >= 8);
  CHECK(seg::ListsFor("zh-Hant").code == "zh");
  CHECK(seg::ListsFor("xx").code.empty());
  CHECK(seg::TermLanguage("Creo que la economía de los datos es muy importante para todos nosotros y para el mercado.") == "es");
  CHECK(seg::TermLanguage("Je pense que c'est vraiment une question de données pour nous et pour le marché.") == "fr");
  CHECK(seg::TermLanguage("Ich glaube, dass die Daten für uns alle wirklich wichtig sind und dass es so bleibt.") == "de");
  CHECK(seg::TermLanguage("Eu acho que os dados são muito importantes para todos nós e para o mercado também.") == "pt");
  CHECK(seg::TermLanguage("저희는 데이터가 정말 중요하다고 생각합니다. 모델이 핵심입니다.") == "ko");
}

TEST_CASE("a Spanish transcript drafted with a Spanish spec: Spanish title template, note and labels") {
  const Transcript t = ParseTranscript(
      "Ana: Bienvenidos al programa. Hoy hablamos de los arrecifes de coral y del calentamiento del mar.\n"
      "Luis: Los arrecifes de coral pierden sus algas cuando el agua se calienta durante semanas.\n"
      "Ana: ¿Y la pesca? ¿Las cuotas de pesca funcionan de verdad en el Mediterráneo?\n"
      "Luis: Las cuotas de pesca funcionan cuando alguien controla las capturas en el puerto.\n");
  ArticleSpec spec = PresetSpec("blog_post_en");
  spec.output_language = "es";
  spec.section_count = 2;
  const OfflineDraft d = BuildOfflineDraft(t, spec);
  REQUIRE(d.ok());
  ExpectNothingInvented(t, d);
  CHECK(d.markdown.find("borrador extractivo") != std::string::npos);
  CHECK_MESSAGE(d.markdown.find("## Puntos clave") != std::string::npos, d.markdown);
  CHECK(d.content.introduction.body.find("Bienvenidos") == std::string::npos);
}

TEST_CASE("segmentation: section boundaries fall on the labelled topic changes (within 1 turn)") {
  // Tolerance: a boundary counts when it is at most one turn from the labelled change (the host's question
  // that opens a topic, or a sponsor read between two topics, may go to either side).
  int hits = 0, labels = 0;
  for (const Labelled& f : LabelledFixtures()) {
    CAPTURE(f.file);
    const Transcript t = ParseTranscript(test::Fixture("offline/" + f.file));
    const std::string preset = f.file.find("_zh") != std::string::npos ? "wechat_long_read_zh" : "blog_post_en";
    const OfflineDraft d = BuildOfflineDraft(t, WithSections(PresetSpec(preset.c_str()), (int)f.topic_starts.size()));
    REQUIRE(d.ok());
    const std::vector<int> want(f.topic_starts.begin() + 1, f.topic_starts.end());
    const int h = Hits(want, DraftBoundaries(d), 1);
    MESSAGE(f.file, ": ", h, " of ", want.size(), " topic changes found");
    hits += h;
    labels += (int)want.size();
  }
  MESSAGE("labelled fixtures: ", hits, "/", labels);
  // Measured: 6/6 in English, 2/3 in Chinese (its third topic, membership and online sales, splits on its own
  // vocabulary); the bar is 5 of 6.
  CHECK(hits * 6 >= labels * 5);
}

TEST_CASE("segmentation: topics of the labelled fixtures shuffled into every order") {
  // Each fixture's topic blocks in all 24 orders: the changes are known by construction.
  int hits = 0, labels = 0;
  for (const Labelled& f : LabelledFixtures()) {
    const Transcript original = ParseTranscript(test::Fixture("offline/" + f.file));
    std::vector<std::vector<std::string>> blocks;
    for (size_t b = 0; b < f.topic_starts.size(); ++b) {
      const int first = f.topic_starts[b], end = b + 1 < f.topic_starts.size() ? f.topic_starts[b + 1] : (int)original.turns.size() + 1;
      std::vector<std::string> lines;
      for (const Turn& turn : original.turns)
        if (turn.id >= first && turn.id < end) lines.push_back(turn.speaker + ": " + turn.text);
      blocks.push_back(lines);
    }
    std::vector<size_t> order(blocks.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const std::string preset = f.file.find("_zh") != std::string::npos ? "wechat_long_read_zh" : "blog_post_en";
    const ArticleSpec spec = WithSections(PresetSpec(preset.c_str()), (int)blocks.size());
    do {
      std::string text;
      std::vector<std::string> first_lines;
      for (size_t b : order) {
        first_lines.push_back(blocks[b].front());
        for (const std::string& l : blocks[b]) text += l + "\n";
      }
      const Transcript t = ParseTranscript(text);
      std::vector<int> want;
      for (size_t b = 1; b < first_lines.size(); ++b) {
        const std::string head = first_lines[b].substr(first_lines[b].find(": ") + 2, 24);
        for (const Turn& turn : t.turns)
          if (text::StartsWith(turn.text, head)) { want.push_back(turn.id); break; }
      }
      REQUIRE(want.size() == blocks.size() - 1);
      const OfflineDraft d = BuildOfflineDraft(t, spec);
      REQUIRE(d.ok());
      hits += Hits(want, DraftBoundaries(d), 1);
      labels += (int)want.size();
    } while (std::next_permutation(order.begin(), order.end()));
  }
  const double rate = (double)hits / labels;
  MESSAGE("shuffled topics: ", hits, "/", labels, " topic changes found within 1 turn (", rate * 100, "%)");
  // Measured 73% (English 92%, Chinese 54%); the bar is 70%.
  CHECK(rate >= 0.70);
}

TEST_CASE("nothing invented: every sentence of every preset's draft is verbatim from the transcript") {
  for (const char* file : {"offline/ocean_en.txt", "offline/cafe_zh.txt", "transcripts/chinese_meeting.txt", "transcripts/youtube_export.srt",
                           "transcripts/zoom.vtt", "transcripts/whisper.json", "transcripts/apollo_mission.txt"}) {
    const Transcript t = ParseTranscript(test::Fixture(file));
    for (const Preset& p : BuiltinPresets()) {
      CAPTURE(file);
      CAPTURE(p.id);
      const OfflineDraft d = BuildOfflineDraft(t, p.spec);
      REQUIRE(d.ok());
      ExpectNothingInvented(t, d);
    }
  }
  const Transcript sample = ParseTranscript(std::string(FindEmbeddedAsset("samples/interview_en.txt")));
  for (const Preset& p : BuiltinPresets()) ExpectNothingInvented(sample, BuildOfflineDraft(sample, p.spec));
}

TEST_CASE("structure: the WeChat preset on a Chinese transcript and the blog preset on an English one") {
  struct Case { const char* preset; const char* file; std::vector<std::string> labels; };
  const Case cases[] = {
      {"wechat_long_read_zh", "offline/cafe_zh.txt", {"亮点", "引言：", "", "", "", "结论：", "详细对话"}},
      {"blog_post_en", "offline/ocean_en.txt", {"Highlights", "Introduction", "", "", "", "", "Conclusion"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.preset);
    Transcript t = ParseTranscript(test::Fixture(c.file));
    t.meta.source_url = "https://example.com/episode";
    const ArticleSpec spec = PresetSpec(c.preset);
    const OfflineDraft d = BuildOfflineDraft(t, spec);
    REQUIRE(d.ok());
    for (const StructureIssue& i : CheckStructure(spec, d.markdown)) FAIL_CHECK(i.kind << ": " << i.message);
    // The headings in the skeleton's order: labels where the preset has them, distinct body headings between.
    const std::vector<std::string> h2 = H2(d.markdown);
    REQUIRE(h2.size() == c.labels.size());
    std::vector<std::string> bodies;
    for (size_t i = 0; i < h2.size(); ++i) {
      if (c.labels[i].empty()) bodies.push_back(h2[i]);
      else CHECK_MESSAGE(text::StartsWith(h2[i], c.labels[i]), h2[i]);
    }
    std::vector<std::string> sorted = bodies;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::unique(sorted.begin(), sorted.end()) == sorted.end());
    CHECK((int)bodies.size() == spec.BodySectionCount());
    for (const auto& s : d.content.sections) CHECK(!text::Trim(s.body).empty());
    CHECK((int)d.content.highlights.size() == spec.highlights);
    CHECK(!d.content.lead.empty());
    CHECK(!d.content.introduction.body.empty());
    CHECK(!d.content.conclusion.body.empty());
    if (spec.introduction_subtitle) CHECK(!d.content.introduction.subtitle.empty());
    // The draft's note: the paragraph right after the lead.
    const size_t lead = d.markdown.find("\n> ");
    REQUIRE(lead != std::string::npos);
    const size_t note = d.markdown.find("\n\n_", lead);
    REQUIRE(note != std::string::npos);
    CHECK(note < d.markdown.find("\n## "));
    CHECK(d.markdown.find("API", note) < d.markdown.find("\n## "));
    // The body stays in the transcript's language.
    const ScriptCounts sc = CountScripts(d.content.sections[0].body);
    if (spec.output_language == "en") CHECK(sc.latin > sc.han);
    else CHECK(sc.han > sc.latin);
  }
}

TEST_CASE("structure: every preset's skeleton on both transcripts (only a language mismatch may differ)") {
  for (const char* file : {"offline/ocean_en.txt", "offline/cafe_zh.txt"}) {
    Transcript t = ParseTranscript(test::Fixture(file));
    t.meta.source_url = "https://example.com/episode";
    for (const Preset& p : BuiltinPresets()) {
      CAPTURE(file);
      CAPTURE(p.id);
      const OfflineDraft d = BuildOfflineDraft(t, p.spec);
      // An extractive draft cannot say more than the talk did: a topic the speakers covered briefly gives a
      // short section (a warning the checks raise), and the transcript's language may differ from the preset's.
      for (const StructureIssue& i : CheckStructure(p.spec, d.markdown))
        if (i.kind != "language" && i.kind != "short") FAIL_CHECK(i.kind << ": " << i.message);
      CHECK(d.content.sections.size() == (size_t)p.spec.BodySectionCount());
      CHECK(d.content.quotes.size() == (size_t)p.spec.quotes);
    }
  }
}

TEST_CASE("the user's own headings are used as they are") {
  const Transcript t = ParseTranscript(test::Fixture("offline/ocean_en.txt"));
  ArticleSpec spec = PresetSpec("blog_post_en");
  spec.section_headings = {"Reefs", "The deep", "Fish"};
  const OfflineDraft d = BuildOfflineDraft(t, spec);
  REQUIRE(d.content.sections.size() == 3);
  CHECK(d.content.sections[0].heading == "Reefs");
  CHECK(d.content.sections[2].heading == "Fish");
  CHECK(CheckStructure(spec, d.markdown).size() == 1);   // only the missing source link
}

TEST_CASE("determinism: the same input gives byte-identical output") {
  for (const char* file : {"offline/ocean_en.txt", "offline/cafe_zh.txt"}) {
    const std::string input = test::Fixture(file);
    for (const Preset& p : BuiltinPresets()) {
      const OfflineDraft a = BuildOfflineDraft(ParseTranscript(input), p.spec);
      const OfflineDraft b = BuildOfflineDraft(ParseTranscript(input), p.spec);
      CHECK(a.markdown == b.markdown);
      CHECK(a.notes == b.notes);
      CHECK(a.evidence.highlight_turn_ids == b.evidence.highlight_turn_ids);
      REQUIRE(a.evidence.sections.size() == b.evidence.sections.size());
      for (size_t s = 0; s < a.evidence.sections.size(); ++s)
        CHECK(a.evidence.sections[s].cited_turn_ids == b.evidence.sections[s].cited_turn_ids);
    }
  }
}

TEST_CASE("evidence: sections cover the turns in order, sponsor reads and greetings are left out") {
  const Transcript t = ParseTranscript(test::Fixture("offline/ocean_en.txt"));
  const OfflineDraft d = BuildOfflineDraft(t, PresetSpec("blog_post_en"));
  std::vector<int> covered;
  for (const SectionEvidence& s : d.evidence.sections) {
    CHECK(!s.quotes.empty());
    CHECK(!s.cited_turn_ids.empty());
    for (int id : s.source_turn_ids)
      if (covered.empty() || covered.back() != id) covered.push_back(id);
    for (int id : s.cited_turn_ids) CHECK(std::find(s.source_turn_ids.begin(), s.source_turn_ids.end(), id) != s.source_turn_ids.end());
  }
  REQUIRE(covered.size() == t.turns.size());
  for (size_t i = 0; i < covered.size(); ++i) CHECK(covered[i] == t.turns[i].id);
  // Turn 13 is the sponsor read, 2 and 40-42 greetings, thanks and sign-off.
  for (int id : {2, 13, 40, 41, 42}) CHECK(std::find(d.evidence.excluded_turn_ids.begin(), d.evidence.excluded_turn_ids.end(), id) != d.evidence.excluded_turn_ids.end());
  CHECK(d.markdown.find("DEEPWATER") == std::string::npos);
  CHECK(d.markdown.find("Thanks for having me") == std::string::npos);
  CHECK(d.markdown.find("subscribe") == std::string::npos);
  CHECK(d.content.introduction.body.find("welcome") == std::string::npos);
  CHECK(d.evidence.highlight_turn_ids.size() == d.content.highlights.size());
  CHECK(d.evidence.dialogue_turn_ids.empty());   // the blog preset has no dialogue
}

TEST_CASE("dialogue: the cleaned transcript with the speakers' chosen names and timestamps per the spec") {
  Transcript t = ParseTranscript("[00:00:01] Ann: Hello [laughs] everyone. This is a test of the dialogue.\n"
                                 "[00:00:09] Bo: [Music]\n"
                                 "[00:00:12] Bo: Fine, thanks. (applause) We talk about reef surveys and coral growth.\n");
  REQUIRE(t.RenameSpeaker("Ann", "Ann Lee", "host"));
  ArticleSpec spec = PresetSpec("meeting_brief_en");
  spec.timestamps_in_dialogue = true;
  const OfflineDraft d = BuildOfflineDraft(t, spec);
  REQUIRE(d.ok());
  REQUIRE(!d.content.dialogue.empty());
  CHECK(d.content.dialogue.front().speaker == "Ann Lee");
  CHECK(d.content.dialogue.front().text == "Hello everyone. This is a test of the dialogue.");
  CHECK(d.content.dialogue.back().text == "Fine, thanks. We talk about reef surveys and coral growth.");
  CHECK(d.markdown.find("[laughs]") == std::string::npos);
  CHECK(d.markdown.find("(00:12)") != std::string::npos);
  CHECK(d.evidence.dialogue_turn_ids.size() == d.content.dialogue.size());
}

TEST_CASE("pathological inputs: a clear message or a draft, never a crash") {
  SUBCASE("empty and blank transcripts") {
    for (const char* input : {"", "   \n\n\t", "[Music]\n(laughs)\n[applause]"}) {
      const OfflineDraft d = BuildOfflineDraft(ParseTranscript(input), PresetSpec("wechat_long_read_zh"));
      CHECK_FALSE(d.ok());
      CHECK(d.markdown.empty());
      REQUIRE(!d.notes.empty());
      CHECK(d.notes[0].find("transcript") != std::string::npos);
    }
  }
  SUBCASE("punctuation only") {
    const OfflineDraft d = BuildOfflineDraft(ParseTranscript("... !!! ???\n---"), PresetSpec("blog_post_en"));
    CHECK_FALSE(d.ok());
    CHECK(!d.notes.empty());
  }
  SUBCASE("one turn, one sentence; fewer turns than sections") {
    for (const char* input : {"Alice: Hello.", "Just one sentence about coral reefs and heat.",
                              "A: Coral reefs bleach in heat. Deep sea mining scrapes nodules.\nB: Fish stocks recover with quotas."}) {
      const Transcript t = ParseTranscript(input);
      const ArticleSpec spec = PresetSpec("show_notes_en");   // six sections
      const OfflineDraft d = BuildOfflineDraft(t, spec);
      REQUIRE(d.ok());
      ExpectNothingInvented(t, d);
      CHECK(!d.content.sections.empty());
      CHECK(d.content.sections.size() <= 3);
      for (const auto& s : d.content.sections) CHECK(!text::Trim(s.body).empty());
      CHECK(std::any_of(d.notes.begin(), d.notes.end(), [](const std::string& n) { return n.find("too short") != std::string::npos; }));
    }
  }
  SUBCASE("one huge unsegmented line, Latin and Chinese") {
    std::string latin, cjk;
    const char* words[] = {"coral", "reef", "heat", "algae", "mining", "nodule", "seabed", "cobalt", "fish", "quota", "reserve", "trawler"};
    for (int i = 0; i < 12000; ++i) latin += std::string(words[(i / 3000) * 3 + (i * 7 % 3)]) + (i % 5 ? " the " : " ");
    const char* zh[] = {"咖啡", "烘焙", "生豆", "租金", "铺面", "选址", "会员", "社群", "外卖"};
    for (int i = 0; i < 9000; ++i) cjk += std::string(zh[(i / 3000) * 3 + (i * 5 % 3)]) + "的";
    for (const std::string& input : {latin, cjk}) {
      const Transcript t = ParseTranscript(input);
      const ArticleSpec spec = PresetSpec("wechat_long_read_zh");
      const OfflineDraft d = BuildOfflineDraft(t, spec);
      REQUIRE(d.ok());
      ExpectNothingInvented(t, d);
      CHECK(d.content.sections.size() == (size_t)spec.BodySectionCount());
      for (const auto& s : d.content.sections) CHECK(!text::Trim(s.body).empty());
      CHECK(d.content.dialogue.size() == t.turns.size());
    }
  }
  SUBCASE("invalid UTF-8, NUL bytes, emoji, right-to-left and zero-width text") {
    std::string input = "A: caf\xC3 \xFF\xFE broken bytes here. Then \0NUL in text.\nB: 🚀🚀 rockets 👩‍👩‍👧 family. ";
    input += "שלום עולם, this is Hebrew text.\nA: zero\u200Bwidth\u200Dspaces and (laughs) fine.";
    input.push_back('\0');
    const Transcript t = ParseTranscript(input);
    const OfflineDraft d = BuildOfflineDraft(t, PresetSpec("newsletter_en"));
    REQUIRE(d.ok());
    ExpectNothingInvented(t, d);
  }
  SUBCASE("binary noise") {
    std::string input;
    unsigned x = 12345;
    for (int i = 0; i < 20000; ++i) { x = x * 1103515245u + 12345u; input.push_back((char)(x >> 16)); }
    const Transcript t = ParseTranscript(input);
    const OfflineDraft d = BuildOfflineDraft(t, PresetSpec("wechat_long_read_zh"));
    if (d.ok()) ExpectNothingInvented(t, d);
    else CHECK(!d.notes.empty());
  }
  SUBCASE("a spec at its limits") {
    const Transcript t = ParseTranscript(test::Fixture("offline/cafe_zh.txt"));
    ArticleSpec spec = PresetSpec("wechat_long_read_zh");
    spec.section_count = 1;
    spec.section_length = 1;
    spec.highlights = 30;
    spec.quotes = 30;
    spec.lead = false;
    spec.introduction = spec.conclusion = false;
    const OfflineDraft d = BuildOfflineDraft(t, spec);
    REQUIRE(d.ok());
    CHECK(d.content.sections.size() == 1);
    ExpectNothingInvented(t, d);
    std::vector<std::string> all = d.content.highlights;
    for (const auto& q : d.content.quotes) all.push_back(q.text);
    std::sort(all.begin(), all.end());
    CHECK(std::unique(all.begin(), all.end()) == all.end());   // highlights and quotes never repeat
  }
}
