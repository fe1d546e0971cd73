// A pool of reusable records addressed by 32-bit ids: the runtime's requests,
// tasks and calls live here, so steady state allocates nothing per event.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "program/program.hpp"  // kNone

namespace svcsim::detail {

template <class T>
class SlotPool {
 public:
  /// Returns the id of a slot reset to T{} except for its `generation`, which
  /// survives reuse so that stale references (id, generation) can be detected.
  std::uint32_t acquire() {
    std::uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    // Reset in place (assigning a T{} temporary makes GCC build it on the stack
    // and copy it, which showed in profiles); the generation survives.
    // Default-initialised, not value-initialised: members get their default
    // member initialisers, and nothing else is cleared first (a record may
    // leave arrays it tracks the length of uninitialised, see Call).
    const std::uint32_t generation = slots_[id].generation;
    std::destroy_at(&slots_[id]);
    ::new (static_cast<void*>(&slots_[id])) T;
    slots_[id].generation = generation;
    ++live_;
    return id;
  }
  void release(std::uint32_t id) {
    ++slots_[id].generation;
    free_.push_back(id);
    --live_;
  }
  T& operator[](std::uint32_t id) { return slots_[id]; }
  const T& operator[](std::uint32_t id) const { return slots_[id]; }
  std::size_t live() const { return live_; }

 private:
  std::vector<T> slots_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace svcsim::detail
