"""Build WenQuanYiMicroHei-Subset.ttf, the font embedded in every hours proof. Run once, by hand;
the result is committed (see README.md here for where the source font comes from).

    apt-get install fonts-wqy-microhei unicode-data
    python jxjy/proofs/fonts/build_subset.py

Kept: ASCII and Latin-1, general punctuation, CJK symbols and full-width forms, every character of
GB 2312 (its 6763 hanzi and its symbol rows) and the 8105 hanzi of 通用规范汉字表 (2013), read from
the kTGH field of Unicode's Unihan database. Hinting and layout tables are dropped: a PDF viewer
does not use them, and they are most of the size.
"""

import bz2
import contextlib
import sys
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian fonts-wqy-microhei
UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")  # Debian unicode-data
TARGET = Path(__file__).with_name("WenQuanYiMicroHei-Subset.ttf")
RANGES = [(0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2100, 0x2200), (0x3000, 0x3040), (0xFF00, 0xFFF0)]


def gb2312_characters() -> set[str]:
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # unassigned positions of the code table
                found.add(bytes([high, low]).decode("gb2312"))
    return found


def tongyong_guifan_characters(unihan: Path) -> set[str]:
    """通用规范汉字表: the characters that carry a kTGH value ("2013:<serial>")."""
    found = set()
    with bz2.open(unihan, "rt", encoding="utf-8") as lines:
        for line in lines:
            if "\tkTGH\t" in line:
                found.add(chr(int(line.split("\t")[0][2:], 16)))
    return found


def main() -> None:
    wanted = gb2312_characters() | tongyong_guifan_characters(UNIHAN)
    for start, end in RANGES:
        wanted |= {chr(code) for code in range(start, end)}
    options = subset.Options()
    options.font_number = 0  # 0: WenQuanYi Micro Hei (1 is its monospaced twin)
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.glyph_names = False
    options.drop_tables += ["FFTM", "GPOS", "GSUB", "GDEF"]
    font = subset.load_font(str(SOURCE), options)
    cmap = font.getBestCmap()
    missing = sorted(c for c in wanted if ord(c) not in cmap and c.isprintable() and not c.isspace())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in wanted])
    subsetter.subset(font)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET.name}: {TARGET.stat().st_size} bytes, {len(font.getBestCmap())} characters")
    print(f"not in the source font ({len(missing)}): {''.join(missing)[:200]}", file=sys.stderr)


if __name__ == "__main__":
    main()
