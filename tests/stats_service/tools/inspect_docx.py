#!/usr/bin/python3
"""Prints what python-docx reads from a DOCX, one fact per line, for
tests/stats_service/formats_docx_test.cc:
  P|style|alignment|text       every body paragraph, in order
  SECTION|orientation|w_mm|h_mm|top|bottom|left|right
  TABLE|rows|cols|header_repeats|first_heading
  STYLE|style_id|east_asian_font|size_pt|bold|color
  FOOTER|odd|text  /  FOOTER|even|text   (first section)
  EVEN_ODD|True/False
  IMAGES|count
"""
import sys
import docx
from docx.oxml.ns import qn

d = docx.Document(sys.argv[1])
for p in d.paragraphs:
    align = p.alignment if p.alignment is not None else p.style.paragraph_format.alignment
    print(f"P|{p.style.style_id}|{align}|{p.text}")
for s in d.sections:
    mm = lambda v: round(v.mm) if v is not None else None
    print(f"SECTION|{s.orientation}|{mm(s.page_width)}|{mm(s.page_height)}|"
          f"{mm(s.top_margin)}|{mm(s.bottom_margin)}|{mm(s.left_margin)}|"
          f"{mm(s.right_margin)}")
for t in d.tables:
    repeats = t.rows[0]._tr.trPr is not None and \
        t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    floating = t._tbl.tblPr.find(qn("w:tblpPr")) is not None
    if floating:  # the 版记: one line per row
        for row in t.rows:
            print(f"IMPRINT|{row.cells[0].paragraphs[0].style.style_id}|{row.cells[0].text}")
        continue
    print(f"TABLE|{len(t.rows)}|{len(t.columns)}|{repeats}|{t.cell(0, 1).text}")
for st in d.styles:
    if not st.style_id.startswith("Sgs"):
        continue
    rpr = st.element.rPr
    east = rpr.rFonts.get(qn("w:eastAsia")) if rpr is not None and rpr.rFonts is not None else None
    size = st.font.size.pt if st.font.size is not None else None
    color = st.font.color.rgb if st.font.color and st.font.color.type else None
    print(f"STYLE|{st.style_id}|{east}|{size}|{st.font.bold}|{color}")
s0 = d.sections[0]
print("FOOTER|odd|" + "".join(p.text for p in s0.footer.paragraphs) + "|" +
      str(s0.footer.paragraphs[0].alignment))
print("FOOTER|even|" + "".join(p.text for p in s0.even_page_footer.paragraphs) +
      "|" + str(s0.even_page_footer.paragraphs[0].alignment))
print(f"EVEN_ODD|{d.settings.odd_and_even_pages_header_footer}")
print(f"IMAGES|{len(d.inline_shapes)}")
