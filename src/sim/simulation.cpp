// placeholder: src/sim/simulation.cpp (being written)
