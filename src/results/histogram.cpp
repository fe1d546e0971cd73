// placeholder: src/results/histogram.cpp (being written)
