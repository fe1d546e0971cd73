// placeholder: src/results/metrics.cpp (being written)
