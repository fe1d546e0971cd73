// placeholder: src/core/random.cpp (being written)
