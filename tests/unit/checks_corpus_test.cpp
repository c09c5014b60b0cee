// The labelled faithfulness corpus: faithful articles raise no problem; every copy with an injected fault
// raises a finding of the kind that fault calls for, which the faithful article does not raise.
#include "doctest/doctest.h"
#include "support/faithfulness_corpus.h"

using namespace tp;

namespace {
std::string Problems(const ArticleChecks& c) {
  std::string s;
  for (const Finding& f : c.findings) if (f.severity != Severity::Info) s += f.kind + ": " + f.message + "\n";
  return s;
}
}  // namespace

TEST_CASE("faithfulness corpus: faithful articles pass") {
  const test::Corpus corpus = test::LoadCorpus();
  REQUIRE(corpus.error == "");
  REQUIRE(corpus.articles.size() >= 4);
  size_t quotes = 0, numbers = 0, names = 0;
  for (const test::CorpusArticle& a : corpus.articles) {
    CAPTURE(a.id);
    ArticleChecks c = VerifyArticle(a.markdown, a.transcript, a.spec, a.evidence);
    CHECK(Problems(c) == "");
    CHECK_FALSE(c.quotes.empty());
    for (const QuoteCheck& q : c.quotes) CHECK(q.status == "verified");
    quotes += c.quotes.size();
    numbers += c.numbers.size();
    names += c.names.size();
  }
  // The corpus exercises quotes, numbers and names, not empty lists.
  CHECK(quotes >= 10);
  CHECK(numbers >= 30);
  CHECK(names >= 20);
}

TEST_CASE("faithfulness corpus: every injected fault is caught") {
  const test::Corpus corpus = test::LoadCorpus();
  REQUIRE(corpus.error == "");
  REQUIRE(corpus.faults.size() >= 50);
  std::map<std::string, int> per_kind;
  for (const test::CorpusFault& f : corpus.faults) {
    CAPTURE(f.kind);
    CAPTURE(f.note);
    REQUIRE(f.error == "");
    ++per_kind[f.kind];
    const test::CorpusArticle& a = *corpus.Find(f.article);
    const std::vector<std::string>& kinds = test::FaultFindings().at(f.kind);
    const ArticleChecks clean = VerifyArticle(a.markdown, a.transcript, a.spec, a.evidence);
    const ArticleChecks faulty = VerifyArticle(f.markdown, a.transcript, a.spec, f.evidence);
    CAPTURE(Problems(faulty));
    CHECK(test::CountKinds(faulty, kinds) > test::CountKinds(clean, kinds));
  }
  CHECK(per_kind.size() == test::FaultFindings().size());   // every kind of fault is in the corpus
  for (const auto& [kind, n] : per_kind) {
    const auto& fault_kind = kind;   // CAPTURE's lambda cannot use a structured binding in C++17 (clang)
    CAPTURE(fault_kind);
    CHECK(n >= 3);
  }
}
