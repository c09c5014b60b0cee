// Dear ImGui configuration for the native UI tests: a failed IM_ASSERT is counted and reported by the
// test (instead of aborting), so a smoke test can assert that no ImGui assertion fired.
#pragma once

void TpImGuiAssertFailed(const char* expr, const char* file, int line);
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : TpImGuiAssertFailed(#_EXPR, __FILE__, __LINE__))
