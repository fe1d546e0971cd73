// placeholder: src/report/terminal_report.cpp (being written)
