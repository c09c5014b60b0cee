// An ImFontLoader (Dear ImGui 1.92 dynamic fonts) that rasterises glyphs with Canvas2D (web_fonts.js).
// Each source's FontData is a CSS font string with a "{px}" placeholder and a font list ("600 {px} {sans}").
// ImGui's font size is ascent+descent; the CSS size is chosen so that they match.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"
#include "platform/fonts.h"

extern "C" {
float tp_font_ui_size();
void tp_font_metrics(const char* font, float* out);
int tp_font_glyph(const char* font, unsigned cp, float px, int metrics_only, unsigned char* out, int cap, float* m);
}

namespace tp::platform {
namespace {

struct CanvasSource {
  std::string css;        // font string with {px}
  bool measured = false;  // metrics are read on the face's first use: a face the page never shows costs nothing
  float ascent = 0.8f;    // ratios of the CSS pixel size
  float descent = 0.2f;
};

void Measure(CanvasSource* s) {
  if (s->measured) return;
  s->measured = true;
  float m[2];
  tp_font_metrics(s->css.c_str(), m);
  if (m[0] > 0.1f && m[1] >= 0) { s->ascent = m[0]; s->descent = m[1]; }
}

// Characters every system UI and monospace font has. ImGui asks for the fallback (U+FFFD) and ellipsis
// (U+2026) of every face when it is added; answering those without Canvas keeps font set-up off the
// start-up path (each Canvas probe of a new face makes the browser resolve its whole font list).
bool SurelyPresent(ImWchar cp) { return (cp >= 0x20 && cp < 0x7F) || cp == 0xFFFD || cp == 0x2026; }

ImVector<unsigned char> g_pixels;
GlyphStats g_glyph_stats;

bool SrcInit(ImFontAtlas*, ImFontConfig* src) {
  auto* s = IM_NEW(CanvasSource)();
  s->css = std::string((const char*)src->FontData, src->FontDataSize > 0 ? (size_t)src->FontDataSize - 1 : 0);
  src->FontLoaderData = s;
  return true;
}

void SrcDestroy(ImFontAtlas*, ImFontConfig* src) {
  IM_DELETE((CanvasSource*)src->FontLoaderData);
  src->FontLoaderData = nullptr;
}

bool SrcContainsGlyph(ImFontAtlas*, ImFontConfig* src, ImWchar cp) {
  if (SurelyPresent(cp)) return true;
  auto* s = (CanvasSource*)src->FontLoaderData;
  float m[6];
  return tp_font_glyph(s->css.c_str(), (unsigned)cp, 32, 1, nullptr, 0, m) >= 0;
}

// CSS pixels per ImGui size unit.
float CssScale(const CanvasSource* s) { return 1.0f / (s->ascent + s->descent); }

bool BakedInit(ImFontAtlas*, ImFontConfig* src, ImFontBaked* baked, void*) {
  auto* s = (CanvasSource*)src->FontLoaderData;
  Measure(s);
  if (!src->MergeMode) {
    const float css = baked->Size * CssScale(s);
    baked->Ascent = std::ceil(s->ascent * css);
    baked->Descent = -std::ceil(s->descent * css);
  }
  return true;
}

bool BakedLoadGlyph(ImFontAtlas* atlas, ImFontConfig* src, ImFontBaked* baked, void*, ImWchar cp, ImFontGlyph* out,
                    float* out_advance_x) {
  auto* s = (CanvasSource*)src->FontLoaderData;
  Measure(s);
  const float density = src->RasterizerDensity * baked->RasterizerDensity;
  const float css = baked->Size * CssScale(s);
  const float raster_px = std::round(css * density * 4.0f) / 4.0f;
  float m[6];
  if (out_advance_x) {
    if (tp_font_glyph(s->css.c_str(), (unsigned)cp, raster_px, 1, nullptr, 0, m) < 0) return false;
    *out_advance_x = m[0] / density;
    return true;
  }
  const int cap = (int)((raster_px * 3 + 16) * (raster_px * 3 + 16) * 4);
  if (g_pixels.Size < cap) g_pixels.resize(cap);
  const double t0 = emscripten_get_now();
  const int r = tp_font_glyph(s->css.c_str(), (unsigned)cp, raster_px, 0, g_pixels.Data, cap, m);
  g_glyph_stats.ms += emscripten_get_now() - t0;
  ++g_glyph_stats.glyphs;
  if (r < 0) return false;   // no installed font has it: ImGui tries the next source, then its fallback glyph
  out->Codepoint = cp;
  out->AdvanceX = m[0] / density;
  const int w = (int)m[3], h = (int)m[4];
  if (r == 1 && w > 0 && h > 0) {
    ImFontAtlasRectId id = ImFontAtlasPackAddRect(atlas, w, h);
    if (id == ImFontAtlasRectId_Invalid) return false;
    ImTextureRect* rect = ImFontAtlasPackGetRect(atlas, id);   // only after AddRect: the texture may have grown
    const float base = IM_ROUND(baked->Ascent);
    out->X0 = -m[1] / density;
    out->Y0 = base - m[2] / density;
    out->X1 = out->X0 + w / density;
    out->Y1 = out->Y0 + h / density;
    out->Visible = true;
    out->Colored = m[5] != 0.0f;
    out->PackId = id;
    ImFontAtlasBakedSetFontGlyphBitmap(atlas, baked, src, out, rect, g_pixels.Data, ImTextureFormat_RGBA32, w * 4);
  }
  return true;
}

const ImFontLoader* CanvasLoader() {
  static ImFontLoader loader;
  loader.Name = "canvas2d";
  loader.FontSrcInit = SrcInit;
  loader.FontSrcDestroy = SrcDestroy;
  loader.FontSrcContainsGlyph = SrcContainsGlyph;
  loader.FontBakedInit = BakedInit;
  loader.FontBakedLoadGlyph = BakedLoadGlyph;
  return &loader;
}

ImFont* g_fonts[5] = {};
std::string g_specs[5];

ImFont* Add(int slot, const std::string& css) {
  g_specs[slot] = css;
  ImFontConfig cfg;
  cfg.FontLoader = CanvasLoader();
  cfg.FontData = (void*)g_specs[slot].c_str();
  cfg.FontDataSize = (int)g_specs[slot].size() + 1;
  cfg.FontDataOwnedByAtlas = false;
  cfg.SizePixels = 16.0f;
  std::snprintf(cfg.Name, sizeof cfg.Name, "canvas-%d", slot);
  return ImGui::GetIO().Fonts->AddFont(&cfg);
}

}  // namespace

void LoadFonts() {
  // {sans} and {mono} are the font lists of web_fonts.js; slot 0 is its uiFont.
  g_fonts[(int)FontStyle::Regular] = Add(0, "{px} {sans}");
  g_fonts[(int)FontStyle::Bold] = Add(1, "600 {px} {sans}");
  g_fonts[(int)FontStyle::Italic] = Add(2, "italic {px} {sans}");
  g_fonts[(int)FontStyle::BoldItalic] = Add(3, "italic 600 {px} {sans}");
  g_fonts[(int)FontStyle::Mono] = Add(4, "{px} {mono}");
  ImGui::GetIO().FontDefault = g_fonts[0];
  // web_fonts.js says the size: its warm-up has rasterised the first frame's glyphs at it.
  ImGui::GetStyle().FontSizeBase = tp_font_ui_size();
}

ImFont* Font(FontStyle style) { return g_fonts[(int)style]; }

GlyphStats GlyphFigures() { return g_glyph_stats; }

}  // namespace tp::platform
