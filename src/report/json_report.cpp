// placeholder: src/report/json_report.cpp (being written)
