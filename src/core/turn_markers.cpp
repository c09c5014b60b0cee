// Turn markers. Index: bracket tables · parser · canonical / remove / cited.
#include "core/turn_markers.h"

#include <algorithm>
#include <cctype>

#include "core/utf8.h"

namespace tp {

namespace {

bool IsOpen(char32_t c) { return c == '[' || c == '(' || c == 0x3010 /*【*/ || c == 0xFF08 /*（*/ || c == 0xFF3B /*［*/ || c == 0x3014 /*〔*/; }
bool IsClose(char32_t c) { return c == ']' || c == ')' || c == 0x3011 || c == 0xFF09 || c == 0xFF3D || c == 0x3015; }
bool IsListSep(char32_t c) { return c == ',' || c == 0xFF0C /*，*/ || c == 0x3001 /*、*/ || c == ';' || c == 0xFF1B; }
bool IsRangeSep(char32_t c) { return c == '-' || c == 0x2013 || c == 0x2014 || c == '~' || c == 0xFF5E || c == 0x301C; }
bool IsBlank(char32_t c) { return c == ' ' || c == 0x3000 || c == 0xA0; }

// Parses one marker starting at an opening bracket at `at`; false when it is not a marker.
bool ParseMarker(std::string_view s, size_t at, TurnMarker* m) {
  size_t i = at;
  if (!IsOpen(utf8::Decode(s, i))) return false;
  struct Item { int first, last; };
  std::vector<Item> items;
  bool pending_range = false;
  for (;;) {
    for (size_t q = i; i < s.size() && IsBlank(utf8::Decode(s, q)); q = i) i = q;
    if (i >= s.size()) return false;
    size_t j = i;
    const char32_t c = utf8::Decode(s, j);
    if (IsClose(c)) {
      if (items.empty() || pending_range) return false;
      i = j;
      break;
    }
    // A turn id: T12 / t12 / Ｔ12, or bare digits after the first item ("[T12, 13]").
    size_t k = i;
    bool has_t = false;
    if (c == 'T' || c == 't' || c == 0xFF34) { has_t = true; k = j; }
    if (!has_t && items.empty()) return false;
    int n = 0, digits = 0;
    while (k < s.size() && s[k] >= '0' && s[k] <= '9' && digits < 7) { n = n * 10 + (s[k] - '0'); ++k; ++digits; }
    if (digits == 0) {
      if (items.empty()) return false;
      // A separator between items.
      if (IsListSep(c)) { if (pending_range) return false; i = j; continue; }
      if (IsRangeSep(c)) { if (pending_range) return false; pending_range = true; i = j; continue; }
      if (c == 't' && s.substr(i, 2) == "to") { pending_range = true; i += 2; continue; }
      return false;
    }
    if (digits >= 7 || n <= 0) return false;
    if (pending_range) { items.back().last = n; pending_range = false; }
    else items.push_back({n, n});
    i = k;
  }
  m->begin = at;
  m->end = i;
  m->ids.clear();
  m->canonical = "[";
  for (size_t x = 0; x < items.size(); ++x) {
    Item it = items[x];
    if (it.last < it.first) std::swap(it.first, it.last);
    if (x) m->canonical += ", ";
    m->canonical += "T" + std::to_string(it.first);
    if (it.last != it.first) m->canonical += "-T" + std::to_string(it.last);
    for (int id = it.first; id <= it.last && id - it.first < 200; ++id) m->ids.push_back(id);
  }
  m->canonical += "]";
  return true;
}

}  // namespace

std::vector<TurnMarker> FindTurnMarkers(std::string_view s) {
  std::vector<TurnMarker> out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t at = i;
    const char32_t c = utf8::Decode(s, i);
    if (!IsOpen(c)) continue;
    TurnMarker m;
    if (ParseMarker(s, at, &m)) { i = m.end; out.push_back(std::move(m)); }
  }
  return out;
}

std::string CanonicalTurnMarkers(std::string_view s) {
  std::string out;
  size_t last = 0;
  for (const TurnMarker& m : FindTurnMarkers(s)) {
    out.append(s.substr(last, m.begin - last));
    // "word [T12]" -> "word[T12]": the marker sits right after what it cites.
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += m.canonical;
    last = m.end;
  }
  out.append(s.substr(last));
  return out;
}

std::string RemoveTurnMarkers(std::string_view s) {
  std::string out;
  size_t last = 0;
  for (const TurnMarker& m : FindTurnMarkers(s)) {
    out.append(s.substr(last, m.begin - last));
    size_t next = m.end;
    // Drop the space before a marker unless the marker stood between two words ("a [T1] b" -> "a b").
    const bool space_after = next < s.size() && s[next] == ' ';
    if (space_after) while (!out.empty() && out.back() == ' ') out.pop_back();
    else if (next >= s.size() || s[next] != ' ') {
      const bool word_after = next < s.size() && ((unsigned char)s[next] >= 0x80 || std::isalnum((unsigned char)s[next]));
      if (!word_after) while (!out.empty() && out.back() == ' ') out.pop_back();
    }
    last = next;
  }
  out.append(s.substr(last));
  return out;
}

std::vector<int> CitedTurnIds(std::string_view s) {
  std::vector<int> ids;
  for (const TurnMarker& m : FindTurnMarkers(s)) ids.insert(ids.end(), m.ids.begin(), m.ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace tp
