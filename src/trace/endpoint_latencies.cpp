// Per-endpoint latency of a run (see endpoint_latencies.hpp).
#include "trace/endpoint_latencies.hpp"

namespace svcsim::trace {
namespace {
template <class T>
T& at(std::vector<T>& v, std::uint32_t id, T fill) {
  if (id >= v.size()) v.resize(static_cast<std::size_t>(id) + 1 + v.size() / 2, fill);
  return v[id];
}
}  // namespace

void EndpointLatencies::on_run_start(const RunNames& names) {
  of_program_.assign(names.program_node.size(), nullptr);
  for (std::size_t p = 0; p < names.program_node.size(); ++p)
    of_program_[p] = &by_endpoint_[names.nodes[names.program_node[p]] + "." + names.program_endpoint[p]];
}

void EndpointLatencies::on_try_sent(std::uint32_t try_id, std::uint32_t, SpanTry, TryParent, std::uint32_t program,
                                    std::int64_t) {
  at(program_of_try_, try_id, UINT32_MAX) = program;
  at(arrived_at_, try_id, std::int64_t{-1}) = -1;
}

void EndpointLatencies::on_call_arrive(std::uint32_t try_id, std::uint32_t, std::int64_t now) {
  at(arrived_at_, try_id, std::int64_t{-1}) = now >= from_ns_ ? now : -1;
}

void EndpointLatencies::on_call_answer(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) {
  if (try_id >= arrived_at_.size() || arrived_at_[try_id] < 0) return;
  const std::uint32_t program = program_of_try_[try_id];
  if ((outcome == SpanOutcome::ok || outcome == SpanOutcome::degraded) && program < of_program_.size())
    of_program_[program]->record(Duration{now - arrived_at_[try_id]});
  arrived_at_[try_id] = -1;
}

}  // namespace svcsim::trace
