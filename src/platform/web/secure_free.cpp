// Freed memory is zeroed in the browser build. The API key passes through library internals this code
// cannot reach (the JSON parser's token buffers, formatted strings), and the allocator hands freed
// blocks out again as they were: zeroing every block C++ releases keeps a replaced or forgotten key
// out of the wasm heap. The key's own copies are wiped where they live (core/secret.h). Dear ImGui's
// allocations (its text field buffers grow as the key is typed) go through the same zeroing release.
#include <malloc.h>

#include <cstddef>
#include <cstdlib>
#include <new>

#include "core/secret.h"
#include "imgui.h"

namespace {
void ZeroAndFree(void* p) noexcept {
  if (!p) return;
  tp::SecureZero(p, malloc_usable_size(p));
  std::free(p);
}

void* ImGuiAlloc(size_t n, void*) { return std::malloc(n); }
void ImGuiFree(void* p, void*) { ZeroAndFree(p); }
// Before main() creates the ImGui context (ImGui's own allocator pointers are constant-initialised).
const bool kImGuiFreesZeroed = (ImGui::SetAllocatorFunctions(ImGuiAlloc, ImGuiFree), true);
}  // namespace

// operator new is the library's own (malloc); only the release is replaced.
void operator delete(void* p) noexcept { ZeroAndFree(p); }
void operator delete[](void* p) noexcept { ZeroAndFree(p); }
void operator delete(void* p, std::size_t) noexcept { ZeroAndFree(p); }
void operator delete[](void* p, std::size_t) noexcept { ZeroAndFree(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { ZeroAndFree(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { ZeroAndFree(p); }
