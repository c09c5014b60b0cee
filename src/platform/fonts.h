// Font seam: the UI's fonts. In the browser every glyph comes from the system's fonts through Canvas2D
// (platform/web/canvas_font_loader.cpp), so CJK, emoji and every other script render with no download.
#pragma once

struct ImFont;

namespace tp::platform {

enum class FontStyle { Regular, Bold, Italic, BoldItalic, Mono };

// Registers the fonts with ImGui's atlas and sets the interface's text size (style FontSizeBase; in the
// browser web_fonts.js says it). Call once, before the first frame.
void LoadFonts();
ImFont* Font(FontStyle style);

// Glyph rasterisation figures since start (for stats() and the benchmark).
struct GlyphStats { int glyphs = 0; double ms = 0; };
GlyphStats GlyphFigures();

}  // namespace tp::platform
