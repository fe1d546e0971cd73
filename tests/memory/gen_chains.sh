#!/usr/bin/env bash
# Writes a scenario of NODES nodes on standard output, for memory tests and
# bench/bytes_per_node.sh: chains of LENGTH nodes (load balancers with 200us of
# their own work, ending in a one-worker service with exponential work), one
# Poisson workload of RATE per chain, DURATION long. Block style keeps it
# under the loader's structure limit up to 50,000 nodes (8 structure
# characters per node).
# Usage: gen_chains.sh NODES LENGTH RATE DURATION
set -euo pipefail
nodes=$1 length=$2 rate=$3 duration=$4
awk -v nodes="$nodes" -v length_="$length" -v rate="$rate" -v duration="$duration" 'BEGIN {
  chains = int(nodes / length_)
  printf "name: chains-%d\nduration: %s\nnodes:\n", chains * length_, duration
  for (c = 0; c < chains; ++c) {
    for (k = 0; k < length_ - 1; ++k)
      printf "  c%dn%d:\n    kind: load_balancer\n    target: c%dn%d\n    service_time: 200us\n", c, k, c, k + 1
    printf "  c%dn%d:\n    concurrency: 1\n    service_time: {dist: exponential, mean: 1ms}\n", c, length_ - 1
  }
  printf "workloads:\n"
  for (c = 0; c < chains; ++c) printf "  - {name: w%d, call: c%dn0, rate: %s}\n", c, c, rate
}'
