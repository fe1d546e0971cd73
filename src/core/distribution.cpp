// placeholder: src/core/distribution.cpp (being written)
