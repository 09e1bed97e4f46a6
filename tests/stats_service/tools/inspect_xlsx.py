#!/usr/bin/python3
"""Prints what openpyxl reads from the bulletin's workbook, one fact a line,
for tests/stats_service/formats_xlsx_test.cc:
  SHEET|name|orientation|paper|fitToWidth|fitToHeight|fitToPage|print_titles
  MERGED|sheet|range
  CELL|sheet|coordinate|formula_or_value|cached_value|font
"""
import sys
import openpyxl

path = sys.argv[1]
wb = openpyxl.load_workbook(path)
cached = openpyxl.load_workbook(path, data_only=True)
for ws in wb.worksheets:
    ps = ws.page_setup
    print(f"SHEET|{ws.title}|{ps.orientation}|{ps.paperSize}|{ps.fitToWidth}|"
          f"{ps.fitToHeight}|{ws.sheet_properties.pageSetUpPr.fitToPage}|"
          f"{ws.print_title_rows}")
    for r in ws.merged_cells.ranges:
        print(f"MERGED|{ws.title}|{r}")
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            v = cached[ws.title][c.coordinate].value
            print(f"CELL|{ws.title}|{c.coordinate}|{c.value}|{v}|{c.font.name}")
