// placeholder: src/scenario/loader.cpp (being written)
