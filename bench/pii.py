"""Speed of the personal-data guard (gongkai.domain.pii.find_pii) on a megabyte of 公示 text.

Target: well under one second per megabyte on one core, so a publish-time check and the
watchdog's privacy check never hold a clerk up. Prints the best of five runs and MB/s.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gongkai.domain.pii import find_pii

ROW = ("城关街道2026年第3批低保公示：张三，身份证号11010519491231002X，电话13812345678，"
       "金额1,234.50元，索引号11420105/2026-00012，咨询电话0591-87654321。\n")


def main() -> None:
    text = ROW * (1_000_000 // len(ROW))
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        found = find_pii(text)
        best = min(best, time.perf_counter() - start)
    size = len(text.encode()) / 1e6
    print(f"pii: {size:.1f} MB, {len(found)} numbers, best {best:.3f} s = {size / best:.1f} MB/s "
          f"(target < 1 s per MB: {'met' if best / size < 1 else 'NOT met'})")


if __name__ == "__main__":
    main()
