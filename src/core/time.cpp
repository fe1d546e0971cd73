// placeholder: src/core/time.cpp (being written)
